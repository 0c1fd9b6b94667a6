export const HOOK_KINDS = ['data', 'notification'] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

export const HOOK_STATUSES = ['Active', 'Suspended', 'Restarting'] as const;
export type HookStatus = (typeof HOOK_STATUSES)[number];
