import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { declareMailboxes } from '../../../libs/kernel/index.js';
import { NotificationErasure } from '../../domain/ports/notification-erasure.js';
import { DomainEventsController } from './api/domain-events.controller.js';
import { DomainEventIntake } from './application/domain-event-intake.js';
import { NotificationActor } from './application/notification.actor.js';
import { NotificationEraser } from './application/notification-eraser.js';
import { Notifier } from './application/notifier.js';
import { DomainEventReceipts } from './application/ports/domain-event-receipts.js';
import { ErasedUsers } from './application/ports/erased-users.js';
import { NotificationLog } from './application/ports/notification-log.js';
import { NotificationErasureRecord } from './infrastructure/notification-erasure.entity.js';
import { NotificationLifetimes } from './infrastructure/notification-lifetimes.js';
import { TypeOrmDomainEventReceipts } from './infrastructure/typeorm-domain-event-receipts.js';
import { TypeOrmErasedUsers } from './infrastructure/typeorm-erased-users.js';
import { TypeOrmNotificationLog } from './infrastructure/typeorm-notification-log.js';

/** The Notification Webhook: domain events and delivery facts turned into signed notifications. Exports the NotificationErasure port. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([NotificationErasureRecord]), declareMailboxes(NotificationActor)],
  controllers: [DomainEventsController],
  providers: [
    DomainEventIntake,
    { provide: DomainEventReceipts, useClass: TypeOrmDomainEventReceipts },
    { provide: NotificationLog, useClass: TypeOrmNotificationLog },
    { provide: ErasedUsers, useClass: TypeOrmErasedUsers },
    Notifier,
    NotificationActor,
    { provide: NotificationErasure, useClass: NotificationEraser },
    NotificationLifetimes,
  ],
  exports: [NotificationErasure],
})
export class NotificationModule {}
