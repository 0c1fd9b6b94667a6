import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAccess } from '../../../../infrastructure/http/openapi/api-docs.js';
import { ProducerGuard } from '../../../../infrastructure/http/producer.guard.js';
import { IngestDocuments } from '../application/ingest-documents.js';
import { DocSubmitBatch, DocSubmitDocument } from './documents.openapi.js';
import { BatchAcceptedDto, DocumentAcceptedDto, DocumentBatchDto, DocumentDto } from './document.dto.js';

@ApiTags('documents')
@ApiAccess('producer', 'operator')
@UseGuards(ProducerGuard)
@Controller('v1/documents')
export class DocumentsController {
  constructor(private readonly ingest: IngestDocuments) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @DocSubmitDocument()
  submit(@Body() document: DocumentDto): Promise<DocumentAcceptedDto> {
    return this.ingest.one(document);
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @DocSubmitBatch()
  async submitBatch(@Body() batch: DocumentBatchDto): Promise<BatchAcceptedDto> {
    return { ids: await this.ingest.batch(batch.documents) };
  }
}
