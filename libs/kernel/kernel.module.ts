import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActorRegistry } from './actor-registry.js';
import { ActorRuntime } from './actor-runtime.js';
import { CommitHooks } from './after-commit.js';
import { DoorbellConnections } from './doorbell-connections.js';
import { doorbellQueueDefaults } from './doorbell-queues.js';
import { Doorbells } from './doorbells.js';
import { EventBus } from './event-bus.js';
import { GaugeBoard } from '../metrics/index.js';
import { countKernelGauges } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { Leases } from './leases.js';
import { MessageRecord } from './message.entity.js';
import { MessageStore } from './message-store.js';
import { Reconciler } from './reconciler.js';

export interface KernelModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => KernelOptions | Promise<KernelOptions>;
}

/** The actor microkernel: mailboxes as PostgreSQL rows, Bull doorbells (@nestjs/bull), the reconciler and the shared gauges' counting (work one process does at a time), the actors found in the app. */
@Module({})
export class KernelModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly registry: ActorRegistry,
    private readonly runtime: ActorRuntime,
    private readonly reconciler: Reconciler,
    private readonly doorbells: Doorbells,
    private readonly gauges: GaugeBoard,
    private readonly dataSource: DataSource,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  static forRootAsync(options: KernelModuleAsyncOptions): DynamicModule {
    return {
      module: KernelModule,
      global: true,
      imports: [
        DiscoveryModule,
        TypeOrmModule.forFeature([MessageRecord]),
        // Every doorbell queue (declared with declareDoorbells/declareMailboxes) shares the prefix, connections and job options.
        BullModule.forRootAsync({
          inject: [KERNEL_OPTIONS, DoorbellConnections],
          useFactory: (kernel: KernelOptions, connections: DoorbellConnections) => doorbellQueueDefaults(kernel, connections),
        }),
        ...(options.imports ?? []),
      ],
      providers: [
        { provide: KERNEL_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        { provide: DoorbellConnections, inject: [KERNEL_OPTIONS], useFactory: (kernel: KernelOptions) => new DoorbellConnections(kernel.redisUrl) },
        ActorRegistry,
        ActorRuntime,
        CommitHooks,
        Doorbells,
        EventBus,
        Leases,
        MessageStore,
        Reconciler,
        { provide: GaugeBoard, inject: [DataSource, KERNEL_OPTIONS], useFactory: (dataSource: DataSource, kernel: KernelOptions) => new GaugeBoard(dataSource, kernel.gaugeIntervalMs) },
      ],
      exports: [EventBus, Doorbells, Reconciler, MessageStore, GaugeBoard, Leases, KERNEL_OPTIONS, DoorbellConnections],
    };
  }

  onApplicationBootstrap(): void {
    this.registry.discover();
    this.runtime.start();
    this.reconciler.start();
    countKernelGauges(this.gauges, this.dataSource, this.doorbells);
    this.gauges.start();
    // A process that starts finds work left by one that stopped, without waiting for the first interval.
    if (this.options.runActors) void this.reconciler.pass({ graceMs: 0 });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.gauges.stop();
    await this.reconciler.stop();
    await this.doorbells.stopAnswering();
    await this.runtime.stop();
  }
}
