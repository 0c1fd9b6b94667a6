import { Module } from '@nestjs/common';

/** The Notification Webhook: domain events and delivery facts turned into signed notifications. */
@Module({})
export class NotificationModule {}
