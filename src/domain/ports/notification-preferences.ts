import type { Environment } from '../environment.js';
import type { NotificationCategory } from '../notification.js';

/** Whether a client wants a category of notifications. Provided by the Preferences module. */
export abstract class NotificationPreferences {
  abstract isEnabled(clientId: string, environment: Environment, category: NotificationCategory): Promise<boolean>;
}
