import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { KernelModule } from '../libs/kernel/index.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { EVENTS_REQUIRING_HANDLER } from './domain/events.js';
import { DatabaseModule } from './infrastructure/database/database.module.js';
import { S3Module } from './infrastructure/s3/s3.module.js';
import { WebhookSenderModule } from './infrastructure/webhooks/webhook-sender.module.js';
import { ClientsModule } from './modules/clients/clients.module.js';
import { DeliveryModule } from './modules/delivery/delivery.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { NotificationModule } from './modules/notification/notification.module.js';
import { PreferencesModule } from './modules/preferences/preferences.module.js';
import { RejectedStoreModule } from './modules/rejected-store/rejected-store.module.js';
import { RetryModule } from './modules/retry/retry.module.js';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        S3Module,
        WebhookSenderModule,
        KernelModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({
            redisUrl: appConfig.redisUrl,
            redisPrefix: appConfig.redisPrefix,
            runActors: appConfig.runsWorkers,
            requiredHandlers: EVENTS_REQUIRING_HANDLER,
            mailboxConcurrency: appConfig.mailboxConcurrency,
          }),
        }),
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({ url: appConfig.redisUrl, prefix: appConfig.redisPrefix }),
        }),
        ScheduleModule.forRoot(),
        HealthModule,
        ClientsModule,
        DeliveryModule,
        RetryModule,
        RejectedStoreModule,
        NotificationModule,
        PreferencesModule,
      ],
    };
  }
}
