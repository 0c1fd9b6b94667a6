import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorGuard } from '../../../infrastructure/http/operator.guard.js';
import { ClientsService } from '../application/clients.service.js';
import { CreateClientDto } from './dto/create-client.dto.js';
import { HookParams, NotificationHookParams, PutHookDto } from './dto/hook-params.dto.js';
import { clientResponse, hookResponse } from './hook.response.js';

/** Internal: operators create clients and manage their subscriptions. */
@ApiTags('clients')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('v1/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  /** Creates a client with its hooks; the API key is in this answer only. */
  @Post()
  async create(@Body() body: CreateClientDto) {
    const created = await this.clients.createClient(body.name, body.environments);
    const { id, name, createdAt, hooks } = clientResponse(created);
    return { id, name, apiKey: created.apiKey, createdAt, hooks };
  }

  @Get(':clientId')
  async get(@Param('clientId', ParseUUIDPipe) clientId: string) {
    return clientResponse(await this.clients.getClient(clientId));
  }

  /** Subscribes, or changes the URL of a hook (its signing secret stays). */
  @Put(':clientId/hooks/:environment/:kind')
  async putHook(@Param() params: HookParams, @Body() body: PutHookDto) {
    return hookResponse(await this.clients.putHook(params.clientId, params.environment, params.kind, body.url), true);
  }

  /** Unsubscribes from notifications; a data hook cannot be removed, only re-pointed. */
  @Delete(':clientId/hooks/:environment/notification')
  @HttpCode(204)
  async deleteNotificationHook(@Param() params: NotificationHookParams): Promise<void> {
    await this.clients.deleteHook(params.clientId, params.environment, 'notification');
  }
}
