import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { bearerToken } from './bearer-token.js';
import { producerForbidden, staffRole } from './staff-tokens.js';

/** Operators only: `Authorization: Bearer <ADMIN_TOKEN>`. A producer's token is a 403. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const role = staffRole(bearerToken(context.switchToHttp().getRequest<FastifyRequest>()), this.config);
    if (role === 'operator') return true;
    if (role === 'producer') throw producerForbidden();
    throw new UnauthorizedException('a valid operator token is required (Authorization: Bearer <ADMIN_TOKEN>)');
  }
}
