import { Injectable } from '@nestjs/common';
import type { UserRef } from '../../../domain/ports/document-erasure.js';
import { NotificationErasure } from '../../../domain/ports/notification-erasure.js';
import { ErasedUsers } from './ports/erased-users.js';

/** The NotificationErasure port: the notification log forgets a user, and records nothing more about its past facts. */
@Injectable()
export class NotificationEraser extends NotificationErasure {
  constructor(private readonly erasedUsers: ErasedUsers) {
    super();
  }

  erase(erasureId: string, user: UserRef, factsUntil: Date): Promise<number> {
    return this.erasedUsers.erase(erasureId, user, factsUntil);
  }
}
