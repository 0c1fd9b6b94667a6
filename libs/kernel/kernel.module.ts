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
import { Doorbells } from './doorbells.js';
import { EventBus } from './event-bus.js';
import { readKernelGauges } from './kernel.metrics.js';
import { KERNEL_OPTIONS, type KernelOptions } from './kernel.options.js';
import { MessageRecord } from './message.entity.js';
import { MessageStore } from './message-store.js';
import { Reconciler } from './reconciler.js';

export interface KernelModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => KernelOptions | Promise<KernelOptions>;
}

/** The actor microkernel: mailboxes as PostgreSQL rows, Bull doorbells, the reconciler, the actors found in the app. */
@Module({})
export class KernelModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopGauges?: () => void;

  constructor(
    private readonly registry: ActorRegistry,
    private readonly runtime: ActorRuntime,
    private readonly reconciler: Reconciler,
    private readonly doorbells: Doorbells,
    private readonly dataSource: DataSource,
    @Inject(KERNEL_OPTIONS) private readonly options: KernelOptions,
  ) {}

  static forRootAsync(options: KernelModuleAsyncOptions): DynamicModule {
    return {
      module: KernelModule,
      global: true,
      imports: [DiscoveryModule, TypeOrmModule.forFeature([MessageRecord]), ...(options.imports ?? [])],
      providers: [
        { provide: KERNEL_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        ActorRegistry,
        ActorRuntime,
        Doorbells,
        EventBus,
        MessageStore,
        Reconciler,
      ],
      exports: [EventBus, Doorbells, Reconciler, MessageStore],
    };
  }

  onApplicationBootstrap(): void {
    this.registry.discover();
    this.runtime.start();
    this.reconciler.start();
    this.stopGauges = readKernelGauges(this.dataSource, this.doorbells);
    // A process that starts finds work left by one that stopped, without waiting for the first interval.
    if (this.options.runActors) void this.reconciler.pass();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopGauges?.();
    await this.reconciler.stop();
    await this.doorbells.close();
  }
}
