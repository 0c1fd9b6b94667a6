import { Module } from '@nestjs/common';

/** The retry schedule: a failed attempt becomes a delayed retry.due message. */
@Module({})
export class RetryModule {}
