import { createParamDecorator, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import type { Caller } from '../../domain/caller.js';
import { ApiKeys } from '../../domain/ports/api-keys.js';
import { bearerToken } from './bearer-token.js';
import { producerForbidden, staffRole } from './staff-tokens.js';

type RequestWithCaller = FastifyRequest & { caller?: Caller };

/** Client endpoints: a client's API key (its own resources) or an operator token (any client's); a producer's token is a 403. */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const token = bearerToken(request);
    const role = staffRole(token, this.config);
    if (role === 'producer') throw producerForbidden();
    if (role === 'operator') {
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
