import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../domain/errors.js';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { OperatorGuard } from '../../../infrastructure/http/operator.guard.js';
import { ArchiveRestore } from '../application/archive-restore.js';
import { firstStoredRange } from '../domain/archive.js';
import { RestoreRequestDto } from './archive.dto.js';
import { DocRestoreArchived, DocRestoreProgress } from './archive.openapi.js';

/** The archive of rejected documents past their retention: operators restore from it. */
@ApiTags('archive')
@ApiAccess('operator')
@UseGuards(OperatorGuard)
@Controller('v1/archive')
export class ArchiveController {
  constructor(private readonly restores: ArchiveRestore) {}

  @Post('restore')
  @HttpCode(202)
  @DocRestoreArchived()
  restore(@Body() body: RestoreRequestDto): Promise<{ jobId: string; total: number }> {
    const range = firstStoredRange(body.from, body.to);
    if (!range) throw new DomainError('REJECTED.INVALID_RANGE', 'invalid', 'from must not come after to');
    return this.restores.request({ clientId: body.clientId, environment: body.environment, ids: body.ids, range });
  }

  @Get('restore/:jobId')
  @DocRestoreProgress()
  async progress(@Param('jobId', new ParseUUIDPipe()) jobId: string) {
    const job = await this.restores.progress(jobId);
    return { jobId: job.id, state: job.state, total: job.total, restored: job.succeeded, failed: job.failed };
  }
}
