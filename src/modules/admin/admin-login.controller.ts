import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Injectable,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { bearerToken } from '../../infrastructure/http/bearer-token.js';
import { producerForbidden, staffRole } from '../../infrastructure/http/staff-tokens.js';
import { AdminLoginDto } from './admin-login.dto.js';
import { DocAdminLogin, DocAdminLogout } from './admin.openapi.js';
import { clearSessionCookie, issueAdminSession, setSessionCookie } from './admin-session.js';

/** The sign-in checks the token in its body; a producer's token in the header is refused as everywhere outside ingest. */
@Injectable()
class NoProducerTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (staffRole(bearerToken(context.switchToHttp().getRequest<FastifyRequest>()), this.config) === 'producer') throw producerForbidden();
    return true;
  }
}

/** Operators sign in to the queue dashboard: a browser cannot send a bearer header, so it gets a session cookie. */
@ApiTags('operations')
@UseGuards(NoProducerTokenGuard)
@Controller('admin')
export class AdminLoginController {
  constructor(private readonly config: AppConfig) {}

  @Post('login')
  @HttpCode(200)
  @DocAdminLogin()
  login(@Body() body: AdminLoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): { expiresAt: string } {
    const role = staffRole(body.token, this.config);
    if (role === 'producer') throw new ForbiddenException('the producer token does not open the dashboard');
    if (role !== 'operator') throw new UnauthorizedException('this is not an operator token');
    const session = issueAdminSession(body.token);
    setSessionCookie(request, reply, session);
    return { expiresAt: session.expiresAt.toISOString() };
  }

  /** Forgets the cookie in this browser; a copy of it stays valid until it expires or its token is removed from ADMIN_TOKEN. */
  @Post('logout')
  @HttpCode(204)
  @DocAdminLogout()
  logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    clearSessionCookie(request, reply);
  }
}
