import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { KernelModule } from '../libs/kernel/index.js';
import { AppConfig } from './config/app-config.js';
import { Backoffs } from './domain/ports/backoffs.js';
import { ConfigModule } from './config/config.module.js';
import { EVENT_TYPES, TERMINAL_EVENTS } from './domain/events.js';
import { DatabaseModule } from './infrastructure/database/database.module.js';
import { JobsModule } from './infrastructure/jobs/jobs.module.js';
import { S3Module } from './infrastructure/s3/s3.module.js';
import { TelemetryModule } from './infrastructure/telemetry/telemetry.module.js';
import { WebhookSenderModule } from './infrastructure/webhooks/webhook-sender.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { ClientsModule } from './modules/clients/clients.module.js';
import { DeliveryModule } from './modules/delivery/delivery.module.js';
import { ErasureModule } from './modules/erasure/erasure.module.js';
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
        TelemetryModule,
        DatabaseModule,
        S3Module,
        WebhookSenderModule,
        KernelModule.forRootAsync({
          imports: [RetryModule],
          inject: [AppConfig, Backoffs],
          useFactory: (appConfig: AppConfig, backoffs: Backoffs) => ({
            redisUrl: appConfig.redisUrl,
            redisPrefix: appConfig.redisPrefix,
            runActors: appConfig.runsWorkers,
            eventTypes: EVENT_TYPES,
            terminalEvents: TERMINAL_EVENTS,
            mailboxConcurrency: appConfig.mailboxConcurrency,
            reconcileIntervalMs: appConfig.reconcileIntervalMs,
            reconcileGraceMs: appConfig.reconcileGraceMs,
            leaseMs: appConfig.leaseMs,
            // Retry owns how failed handlers and doorbell jobs are tried again; the kernel applies its rules.
            retryRules: backoffs.all(),
            historyRetentionMs: appConfig.jobHistoryRetentionMs,
            gaugeIntervalMs: appConfig.metricsIntervalMs,
          }),
        }),
        ScheduleModule.forRoot(),
        JobsModule,
        HealthModule,
        ClientsModule,
        DeliveryModule,
        RetryModule,
        RejectedStoreModule,
        NotificationModule,
        PreferencesModule,
        ErasureModule,
        AdminModule,
      ],
    };
  }
}
