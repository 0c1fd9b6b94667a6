import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { clientScope, requestedScope, type Caller } from '../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { ClientsService } from '../application/clients.service.js';
import { ClientNotFound } from '../domain/clients.errors.js';
import { RegistrationsQuery, RestartParams } from './dto/registrations.dto.js';
import { hookResponse } from './hook.response.js';

/** Client: its hooks and their status; restarting a suspended one. */
@ApiTags('registrations')
@ApiBearerAuth()
@UseGuards(CallerGuard)
@Controller('webhooks/v1/registrations')
export class RegistrationsController {
  constructor(private readonly clients: ClientsService) {}

  /** A client sees its own hooks; an operator one client's with `?clientId=`, or every client's (each with its clientId). */
  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: RegistrationsQuery) {
    const clientId = requestedScope(caller, query.clientId, () => new ClientNotFound());
    const hooks = await this.clients.registrations(clientId);
    if (clientId !== null) return hooks.map((hook) => hookResponse(hook, caller.kind === 'operator'));
    // Every client's hooks at once: each says whose it is.
    return hooks.map((hook) => ({ clientId: hook.clientId, ...hookResponse(hook, true) }));
  }

  @Post(':hookId/restart')
  @HttpCode(200)
  async restart(@CurrentCaller() caller: Caller, @Param() params: RestartParams) {
    const hook = await this.clients.restart(params.hookId, clientScope(caller));
    return hookResponse(hook, caller.kind === 'operator');
  }
}
