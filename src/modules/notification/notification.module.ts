import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEventsController } from './api/domain-events.controller.js';
import { DomainEventIntake } from './application/domain-event-intake.js';
import { NotificationActor } from './application/notification.actor.js';
import { Notifier } from './application/notifier.js';
import { DomainEventReceiptRecord } from './infrastructure/domain-event-receipt.entity.js';
import { DomainEventReceipts } from './infrastructure/domain-event-receipts.js';
import { NotificationLog } from './infrastructure/notification-log.js';
import { NotificationRecord } from './infrastructure/notification.entity.js';

/** The Notification Webhook: domain events and delivery facts turned into signed notifications. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationRecord, DomainEventReceiptRecord])],
  controllers: [DomainEventsController],
  providers: [DomainEventIntake, DomainEventReceipts, NotificationLog, Notifier, NotificationActor],
})
export class NotificationModule {}
