import { Global, Module } from '@nestjs/common';

/** Notification preferences per client, environment and category. Exports the NotificationPreferences port. */
@Global()
@Module({})
export class PreferencesModule {}
