import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { OperatorGuard } from '../../../infrastructure/http/operator.guard.js';
import { ClientsService } from '../application/clients.service.js';
import { CreateClientDto } from './dto/create-client.dto.js';
import { HookParams, NotificationHookParams, PutHookDto } from './dto/hook-params.dto.js';
import { RotateApiKeyDto } from './dto/rotation.dto.js';
import { DocCreateClient, DocDeleteNotificationHook, DocGetClient, DocPutHook, DocRotateApiKey } from './clients.openapi.js';
import { ClientResponses } from './hook.response.js';

/** Internal: operators create clients and manage their subscriptions. */
@ApiTags('clients')
@ApiAccess('operator')
@UseGuards(OperatorGuard)
@Controller('v1/clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly responses: ClientResponses,
  ) {}

  /** Creates a client with its hooks; the API key and the hooks' signing secrets are in this answer only. */
  @Post()
  @DocCreateClient()
  async create(@Body() body: CreateClientDto) {
    const created = await this.clients.createClient(body.name, body.environments);
    const { id, name, createdAt, hooks } = this.responses.client(created, true);
    return { id, name, apiKey: created.apiKey, createdAt, hooks };
  }

  @Get(':clientId')
  @DocGetClient()
  async get(@Param('clientId', ParseUUIDPipe) clientId: string) {
    return this.responses.client(await this.clients.getClient(clientId));
  }

  /** A new API key, shown once; the previous key keeps working for SECRET_ROTATION_OVERLAP unless `revokePrevious`. */
  @Post(':clientId/api-keys')
  @DocRotateApiKey()
  async rotateApiKey(@Param('clientId', ParseUUIDPipe) clientId: string, @Body() body: RotateApiKeyDto) {
    const rotated = await this.clients.rotateApiKey(clientId, body.revokePrevious ?? false);
    return { apiKey: rotated.apiKey, previousKeyExpiresAt: rotated.previousKeyExpiresAt?.toISOString() ?? null };
  }

  /**
   * Subscribes (the answer shows the new hook's signing secret, once), or changes the URL of a hook (its secret
   * stays); limits and ordering named in the body are set too.
   */
  @Put(':clientId/hooks/:environment/:kind')
  @DocPutHook()
  async putHook(@Param() params: HookParams, @Body() { url, ...limits }: PutHookDto) {
    const { hook, created } = await this.clients.putHook(params.clientId, params.environment, params.kind, url, limits);
    return this.responses.hook(hook, created);
  }

  /** Unsubscribes from notifications; a data hook cannot be removed, only re-pointed. */
  @Delete(':clientId/hooks/:environment/notification')
  @HttpCode(204)
  @DocDeleteNotificationHook()
  async deleteNotificationHook(@Param() params: NotificationHookParams): Promise<void> {
    await this.clients.deleteHook(params.clientId, params.environment, 'notification');
  }
}
