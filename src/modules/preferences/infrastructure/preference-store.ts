import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Environment } from '../../../domain/environment.js';
import type { NotificationCategory } from '../../../domain/notification.js';
import { NotificationPreferences } from '../../../domain/ports/notification-preferences.js';
import { preferencesWith, type PreferenceChanges, type PreferenceSet } from '../domain/preference-set.js';
import { NotificationPreferenceRecord } from './notification-preference.entity.js';

/** Preferences in PostgreSQL, per client, environment and category; also answers the NotificationPreferences port. */
@Injectable()
export class PreferenceStore extends NotificationPreferences {
  constructor(@InjectRepository(NotificationPreferenceRecord) private readonly records: Repository<NotificationPreferenceRecord>) {
    super();
  }

  async isEnabled(clientId: string, environment: Environment, category: NotificationCategory): Promise<boolean> {
    const record = await this.records.findOneBy({ clientId, environment, category });
    return record?.enabled ?? true;
  }

  async preferencesOf(clientId: string, environment: Environment): Promise<PreferenceSet> {
    const records = await this.records.findBy({ clientId, environment });
    return preferencesWith(Object.fromEntries(records.map((record) => [record.category, record.enabled])));
  }

  /** Stores the categories named in `changes` and leaves the others as they were. */
  async change(clientId: string, environment: Environment, changes: PreferenceChanges): Promise<PreferenceSet> {
    const rows = Object.entries(changes)
      .filter(([, enabled]) => enabled !== undefined)
      .map(([category, enabled]) => ({ clientId, environment, category: category as NotificationCategory, enabled: enabled! }));
    if (rows.length > 0) {
      await this.records.upsert(rows, { conflictPaths: ['clientId', 'environment', 'category'] });
    }
    return this.preferencesOf(clientId, environment);
  }
}
