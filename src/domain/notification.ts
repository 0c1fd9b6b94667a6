export const NOTIFICATION_CATEGORIES = ['user_management', 'extraction_failures', 'rejected_information'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];
