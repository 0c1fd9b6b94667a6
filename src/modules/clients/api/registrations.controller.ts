import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { clientScope, requestedScope, type Caller } from '../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { ClientsService } from '../application/clients.service.js';
import { ClientNotFound } from '../../../domain/errors.js';
import { DocListRegistrations, DocRestartHook, DocRotateSigningSecret, DocSetHookLimits, DocSigningSecret } from './clients.openapi.js';
import { HookLimitsDto } from './dto/hook-limits.dto.js';
import { HookIdParams, RegistrationsQuery } from './dto/registrations.dto.js';
import { parseOverlap, RotateSecretDto } from './dto/rotation.dto.js';
import { ClientResponses, rotatedSecretResponse, signingSecretResponse } from './hook.response.js';

/** Client: its hooks and their status; restarting a suspended one; reading and rotating a hook's signing secret. */
@ApiTags('registrations')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('webhooks/v1/registrations')
export class RegistrationsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly responses: ClientResponses,
  ) {}

  /** A client sees its own hooks; an operator one client's with `?clientId=`, or every client's (each with its clientId). Never secrets. */
  @Get()
  @DocListRegistrations()
  async list(@CurrentCaller() caller: Caller, @Query() query: RegistrationsQuery) {
    const clientId = requestedScope(caller, query.clientId, () => new ClientNotFound(query.clientId));
    const hooks = await this.clients.registrations(clientId);
    if (clientId !== null) return hooks.map((hook) => this.responses.hook(hook));
    // Every client's hooks at once: each says whose it is.
    return hooks.map((hook) => ({ clientId: hook.clientId, ...this.responses.hook(hook) }));
  }

  @Post(':hookId/restart')
  @HttpCode(200)
  @DocRestartHook()
  async restart(@CurrentCaller() caller: Caller, @Param() params: HookIdParams) {
    return this.responses.hook(await this.clients.restart(params.hookId, clientScope(caller)));
  }

  /** The hook's rate, concurrency and ordering: in force in every process within a second. */
  @Patch(':hookId')
  @DocSetHookLimits()
  async setLimits(@CurrentCaller() caller: Caller, @Param() params: HookIdParams, @Body() limits: HookLimitsDto) {
    return this.responses.hook(await this.clients.setLimits(params.hookId, clientScope(caller), limits));
  }

  /** The hook's signing secret, and the previous one while a rotation's overlap lasts. */
  @Get(':hookId/secret')
  @DocSigningSecret()
  async secret(@CurrentCaller() caller: Caller, @Param() params: HookIdParams) {
    return signingSecretResponse(await this.clients.hook(params.hookId, clientScope(caller)));
  }

  /** A new signing secret; until the overlap ends every delivery carries both signatures (`v1,<new> v1,<old>`). */
  @Post(':hookId/secret/rotate')
  @HttpCode(200)
  @DocRotateSigningSecret()
  async rotateSecret(@CurrentCaller() caller: Caller, @Param() params: HookIdParams, @Body() body: RotateSecretDto) {
    const overlapMs = body.overlap === undefined ? undefined : parseOverlap(body.overlap);
    return rotatedSecretResponse(await this.clients.rotateSigningSecret(params.hookId, clientScope(caller), overlapMs));
  }
}
