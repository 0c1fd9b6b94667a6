import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OperatorGuard } from '../../../infrastructure/http/operator.guard.js';
import { IngestDocuments } from '../application/ingest-documents.js';
import { BatchAcceptedDto, DocumentAcceptedDto, DocumentBatchDto, DocumentDto } from './document.dto.js';

@ApiTags('documents')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('v1/documents')
export class DocumentsController {
  constructor(private readonly ingest: IngestDocuments) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Hand over one document for delivery (idempotent by id)' })
  @ApiResponse({ status: 202, type: DocumentAcceptedDto })
  @ApiResponse({ status: 413, description: 'larger than MAX_DOCUMENT_BYTES' })
  @ApiResponse({ status: 422, description: 'the client has no data webhook in that environment' })
  @ApiResponse({ status: 503, description: 'not stored; try again' })
  submit(@Body() document: DocumentDto): Promise<DocumentAcceptedDto> {
    return this.ingest.one(document);
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Hand over up to 1000 documents, all or nothing' })
  @ApiResponse({ status: 202, type: BatchAcceptedDto })
  async submitBatch(@Body() batch: DocumentBatchDto): Promise<BatchAcceptedDto> {
    return { ids: await this.ingest.batch(batch.documents) };
  }
}
