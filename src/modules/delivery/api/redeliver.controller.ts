import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { clientScope, type Caller } from '../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { Redeliver } from '../application/redeliver.js';
import type { RedeliveryView } from '../domain/redelivery.js';

@ApiTags('events')
@ApiBearerAuth()
@UseGuards(CallerGuard)
@Controller('hooks')
export class RedeliverController {
  constructor(private readonly redeliver: Redeliver) {}

  @Post(':hookId/requests/:requestId/redeliver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deliver a document again, now, to its data hook; 200 whatever the receiver answered' })
  redeliverRequest(
    @Param('hookId', ParseUUIDPipe) hookId: string,
    @Param('requestId', ParseUUIDPipe) requestId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<RedeliveryView> {
    return this.redeliver.redeliver(hookId, requestId, clientScope(caller));
  }
}
