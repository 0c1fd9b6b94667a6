import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { clientScope, type Caller } from '../../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../../infrastructure/http/openapi/api-docs.js';
import { Redeliver } from '../application/redeliver.js';
import type { RedeliveryView } from '../domain/redelivery.js';
import { DocRedeliver } from './events.openapi.js';

@ApiTags('events')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('hooks')
export class RedeliverController {
  constructor(private readonly redeliver: Redeliver) {}

  @Post(':hookId/requests/:requestId/redeliver')
  @HttpCode(HttpStatus.OK)
  @DocRedeliver()
  redeliverRequest(
    @Param('hookId', ParseUUIDPipe) hookId: string,
    @Param('requestId', ParseUUIDPipe) requestId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<RedeliveryView> {
    return this.redeliver.redeliver(hookId, requestId, clientScope(caller));
  }
}
