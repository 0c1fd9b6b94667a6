import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { clientScope, requestedScope, type Caller } from '../../../../domain/caller.js';
import { ClientNotFound, DomainError } from '../../../../domain/errors.js';
import { CallerGuard, CurrentCaller } from '../../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../../infrastructure/http/openapi/api-docs.js';
import { Replays } from '../application/replays.js';
import { InvalidReplayRange } from '../../ledger/domain/delivery.errors.js';
import { replayRange } from '../../ledger/domain/replay.js';
import { ReplayRequestDto } from './replays.dto.js';
import { DocReplayProgress, DocStartReplay } from './replays.openapi.js';

/** A client recovers what it lost since a point in time: its delivered documents, delivered again. */
@ApiTags('replays')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('v1/replays')
export class ReplaysController {
  constructor(private readonly replays: Replays) {}

  @Post()
  @HttpCode(202)
  @DocStartReplay()
  start(@CurrentCaller() caller: Caller, @Body() body: ReplayRequestDto): Promise<{ jobId: string; total: number }> {
    const clientId = requestedScope(caller, body.clientId, () => new ClientNotFound(body.clientId));
    if (clientId === null) throw new DomainError('DELIVERY.CLIENT_REQUIRED', 'invalid', 'operators name the client: clientId is required');
    const range = replayRange(body.from, body.to, new Date());
    if (!range) throw new InvalidReplayRange();
    return this.replays.request({ clientId, environment: body.environment, range });
  }

  @Get(':jobId')
  @DocReplayProgress()
  async progress(@CurrentCaller() caller: Caller, @Param('jobId', new ParseUUIDPipe()) jobId: string) {
    const job = await this.replays.progress(jobId, clientScope(caller));
    return { jobId: job.id, state: job.state, total: job.total, delivered: job.succeeded, failed: job.failed, skipped: job.skipped };
  }
}
