import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { clientScope, requestedScope, type Caller } from '../../../domain/caller.js';
import { ClientNotFound, DomainError } from '../../../domain/errors.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { BulkResend } from '../application/bulk-resend.js';
import { RejectedDocumentsService } from '../application/rejected-documents.service.js';
import type { RejectedDocument } from '../domain/kept-document.js';
import { DocDownloadRejected, DocListRejected, DocResendMany, DocResendOne, DocResendProgress } from './rejected.openapi.js';
import { BulkResendRequest, ClientIdQuery, DEFAULT_PAGE_SIZE, ListRejectedQuery, type RejectedItem } from './rejected.dto.js';

/** Documents waiting in the rejected buckets: list, download, resend one or many. */
@ApiTags('rejected')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('v1/rejected')
export class RejectedController {
  constructor(
    private readonly rejected: RejectedDocumentsService,
    private readonly bulk: BulkResend,
  ) {}

  @Get()
  @DocListRejected()
  async list(@CurrentCaller() caller: Caller, @Query() query: ListRejectedQuery): Promise<{ items: RejectedItem[]; nextCursor: string | null }> {
    const page = await this.rejected.list({
      clientId: requestedScope(caller, query.clientId, () => new ClientNotFound(query.clientId)),
      environment: query.environment,
      kind: query.kind,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(toItem), nextCursor: page.nextCursor };
  }

  @Post('resend')
  @HttpCode(202)
  @DocResendMany()
  async resendMany(@CurrentCaller() caller: Caller, @Query() query: ClientIdQuery, @Body() body: BulkResendRequest): Promise<{ jobId: string; total: number }> {
    const clientId = requestedScope(caller, query.clientId, () => new ClientNotFound(query.clientId));
    if (clientId === null) throw new DomainError('REJECTED.CLIENT_REQUIRED', 'invalid', 'operators name the client: ?clientId=<uuid>');
    return this.bulk.request(clientId, body.environment, body.ids);
  }

  @Get('resend/:jobId')
  @DocResendProgress()
  async resendProgress(@CurrentCaller() caller: Caller, @Param('jobId', new ParseUUIDPipe()) jobId: string) {
    const job = await this.bulk.progress(jobId, clientScope(caller));
    return { jobId: job.id, state: job.state, total: job.total, delivered: job.succeeded, failed: job.failed };
  }

  @Get(':id')
  @DocDownloadRejected()
  async download(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    const text = await this.rejected.download(id, clientScope(caller));
    return new StreamableFile(Buffer.from(text, 'utf8'), { type: 'application/json' });
  }

  @Post(':id/resend')
  @HttpCode(200)
  @DocResendOne()
  async resendOne(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string) {
    const outcome = await this.rejected.resend(id, clientScope(caller));
    return {
      id,
      delivered: outcome.delivered,
      delivery_id: outcome.deliveryId,
      response_status: outcome.responseStatus,
      response_duration_ms: outcome.responseDurationMs,
    };
  }
}

function toItem(document: RejectedDocument): RejectedItem {
  return {
    id: document.documentId,
    kind: document.kind,
    type: document.type,
    userId: document.userId,
    environment: document.environment,
    storedAt: document.storedAt.toISOString(),
    expiresAt: document.expiresAt.toISOString(),
    attempts: document.attempts,
  };
}
