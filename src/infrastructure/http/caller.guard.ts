import { createParamDecorator, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config.js';
import type { Caller } from '../../domain/caller.js';
import { ApiKeys } from '../../domain/ports/api-keys.js';
import { bearerToken, sameSecret } from './bearer-token.js';

type RequestWithCaller = Request & { caller?: Caller };

/** Client endpoints: a client's API key (its own resources) or the operator token (any client's). */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const token = bearerToken(request);
    if (token && sameSecret(token, this.config.adminToken)) {
      request.caller = { kind: 'operator' };
      return true;
    }
    const clientId = token ? await this.apiKeys.clientIdFor(token) : null;
    if (!clientId) throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <apiKey>)');
    request.caller = { kind: 'client', clientId };
    return true;
  }
}

/** The caller resolved by CallerGuard. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  return context.switchToHttp().getRequest<RequestWithCaller>().caller!;
});
