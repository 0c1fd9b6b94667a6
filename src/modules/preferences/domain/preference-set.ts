import { NOTIFICATION_CATEGORIES, type NotificationCategory } from '../../../domain/notification.js';

/** Whether each category of notifications is wanted; every category is on until the client turns it off. */
export type PreferenceSet = Record<NotificationCategory, boolean>;

/** Only the categories a client has set; the rest keep their default. */
export type PreferenceChanges = Partial<PreferenceSet>;

export function defaultPreferences(): PreferenceSet {
  return Object.fromEntries(NOTIFICATION_CATEGORIES.map((category) => [category, true])) as PreferenceSet;
}

/** The whole set: defaults overlaid with what the client has stored. */
export function preferencesWith(stored: PreferenceChanges): PreferenceSet {
  const set = defaultPreferences();
  for (const category of NOTIFICATION_CATEGORIES) {
    const value = stored[category];
    if (value !== undefined) set[category] = value;
  }
  return set;
}
