import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActorRegistry } from './actor-registry.js';
import { ActorRuntime } from './actor-runtime.js';
import { EventBus } from './event-bus.js';
import { Inbox } from './inbox.js';
import { InboxPruner } from './inbox-pruner.js';
import { InboxRecord } from './inbox.entity.js';
import { metricsSources } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { Mailboxes } from './mailboxes.js';
import { OutboxRecord } from './outbox.entity.js';
import { OutboxRelay } from './outbox-relay.js';

export interface KernelModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => KernelOptions | Promise<KernelOptions>;
}

/** The actor microkernel: outbox, relay, mailboxes and the actors found in the application. */
@Module({})
export class KernelModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly metricsSource = { dataSource: this.dataSource, mailboxes: this.mailboxes };

  constructor(
    private readonly registry: ActorRegistry,
    private readonly runtime: ActorRuntime,
    private readonly relay: OutboxRelay,
    private readonly mailboxes: Mailboxes,
    private readonly dataSource: DataSource,
    private readonly pruner: InboxPruner,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  static forRootAsync(options: KernelModuleAsyncOptions): DynamicModule {
    return {
      module: KernelModule,
      global: true,
      imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxRecord, InboxRecord]), ...(options.imports ?? [])],
      providers: [
        { provide: KERNEL_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ActorRegistry,
        ActorRuntime,
        EventBus,
        Inbox,
        InboxPruner,
        Mailboxes,
        OutboxRelay,
      ],
      exports: [EventBus, Mailboxes, OutboxRelay, Inbox],
    };
  }

  onApplicationBootstrap(): void {
    this.registry.discover();
    this.runtime.start();
    this.relay.start();
    if (this.options.runActors) this.pruner.start();
    metricsSources.add(this.metricsSource);
  }

  async beforeApplicationShutdown(): Promise<void> {
    metricsSources.delete(this.metricsSource);
    this.pruner.stop();
    await this.relay.stop();
    await this.mailboxes.close();
  }
}
