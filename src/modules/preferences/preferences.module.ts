import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationPreferences } from '../../domain/ports/notification-preferences.js';
import { PreferencesController } from './api/preferences.controller.js';
import { PreferenceOwner } from './application/preference-owner.js';
import { NotificationPreferenceRecord } from './infrastructure/notification-preference.entity.js';
import { PreferenceStore } from './infrastructure/preference-store.js';

/** Notification preferences per client, environment and category. Exports the NotificationPreferences port. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([NotificationPreferenceRecord])],
  controllers: [PreferencesController],
  providers: [PreferenceOwner, PreferenceStore, { provide: NotificationPreferences, useExisting: PreferenceStore }],
  exports: [NotificationPreferences],
})
export class PreferencesModule {}
