import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WebhookSender } from '../../../libs/webhook-sender/index.js';
import { AppConfig } from '../../config/app-config.js';

/** One sender (one connection pool per origin) shared by every module that POSTs to a client. */
@Global()
@Module({
  providers: [
    {
      provide: WebhookSender,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new WebhookSender({ timeoutMs: config.deliveryTimeoutMs, allowPrivateTargets: config.allowPrivateTargets, userAgent: 'webhook-delivery/0.1' }),
    },
  ],
  exports: [WebhookSender],
})
export class WebhookSenderModule implements OnApplicationShutdown {
  constructor(private readonly sender: WebhookSender) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sender.close();
  }
}
