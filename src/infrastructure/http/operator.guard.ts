import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { bearerToken, sameSecret } from './bearer-token.js';

/** Internal producers and operators: `Authorization: Bearer <ADMIN_TOKEN>`. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<Request>());
    if (!token || !sameSecret(token, this.config.adminToken)) {
      throw new UnauthorizedException('a valid operator token is required (Authorization: Bearer <ADMIN_TOKEN>)');
    }
    return true;
  }
}
