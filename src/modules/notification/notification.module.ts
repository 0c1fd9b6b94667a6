import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationErasure } from '../../domain/ports/notification-erasure.js';
import { DomainEventsController } from './api/domain-events.controller.js';
import { DomainEventIntake } from './application/domain-event-intake.js';
import { NotificationActor } from './application/notification.actor.js';
import { NotificationEraser } from './application/notification-eraser.js';
import { Notifier } from './application/notifier.js';
import { DomainEventReceiptRecord } from './infrastructure/domain-event-receipt.entity.js';
import { DomainEventReceipts } from './infrastructure/domain-event-receipts.js';
import { ErasedUsers } from './infrastructure/erased-users.js';
import { NotificationErasureRecord } from './infrastructure/notification-erasure.entity.js';
import { NotificationLog } from './infrastructure/notification-log.js';
import { NotificationRecord } from './infrastructure/notification.entity.js';

/** The Notification Webhook: domain events and delivery facts turned into signed notifications. Exports the NotificationErasure port. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([NotificationRecord, DomainEventReceiptRecord, NotificationErasureRecord])],
  controllers: [DomainEventsController],
  providers: [DomainEventIntake, DomainEventReceipts, NotificationLog, ErasedUsers, Notifier, NotificationActor, { provide: NotificationErasure, useClass: NotificationEraser }],
  exports: [NotificationErasure],
})
export class NotificationModule {}
