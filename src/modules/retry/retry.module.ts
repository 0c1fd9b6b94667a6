import { Module } from '@nestjs/common';
import { RetryActor } from './application/retry.actor.js';

/** The retry schedule: a failed attempt becomes a delayed retry.due message. */
@Module({ providers: [RetryActor] })
export class RetryModule {}
