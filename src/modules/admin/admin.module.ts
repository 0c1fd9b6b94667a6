import { Module } from '@nestjs/common';
import { AdminLoginController } from './admin-login.controller.js';

/** The operators' sign-in; the queue dashboard itself is a Fastify plugin (see queues-dashboard.ts). */
@Module({ controllers: [AdminLoginController] })
export class AdminModule {}
