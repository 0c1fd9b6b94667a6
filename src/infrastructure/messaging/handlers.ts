import { handlerDecorators } from '../../../libs/kernel/index.js';
import type { EventCatalogue } from '../../domain/events.js';

/** `@On('delivery.failed')`, `@OnBatch('delivery.succeeded')`: keyed to the event catalogue, so a typo fails the build. */
export const { On, OnBatch } = handlerDecorators<EventCatalogue>();
