import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { bearerToken } from './bearer-token.js';
import { staffRole } from './staff-tokens.js';

/** The ingest endpoints: internal producers (`Bearer <PRODUCER_TOKEN>`) and operators. */
@Injectable()
export class ProducerGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (staffRole(bearerToken(context.switchToHttp().getRequest<FastifyRequest>()), this.config) !== null) return true;
    throw new UnauthorizedException('a valid producer token is required (Authorization: Bearer <PRODUCER_TOKEN>)');
  }
}
