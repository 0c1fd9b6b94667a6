import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../../domain/document.js';
import { ENVIRONMENTS, type Environment } from '../../../../domain/environment.js';
import { KeepJsonAsSent, keepJsonAsSentIn } from '../../../../infrastructure/http/request-validation.pipe.js';
import { IsJsonValue, IsOmittable, IsPlainText } from '../../../../infrastructure/http/validators.js';

/** Most documents a batch may carry. */
export const MAX_BATCH_DOCUMENTS = 1000;
const NOT_BLANK = /\S/;

export class DocumentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Idempotency key; generated when absent' })
  @IsOmittable() @IsUUID()
  id?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;

  @ApiProperty({ example: 'physical_summary', maxLength: 200 })
  @IsString() @Matches(NOT_BLANK, { message: 'type must not be empty' }) @MaxLength(200) @IsPlainText()
  type: string;

  @ApiProperty({ example: 'user-123', maxLength: 255 })
  @IsString() @Matches(NOT_BLANK, { message: 'userId must not be empty' }) @MaxLength(255) @IsPlainText()
  userId: string;

  @ApiProperty({
    description: 'any JSON value but null; it reaches the receiver as the same JSON value',
    oneOf: [{ type: 'object' }, { type: 'array', items: {} }, { type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    example: { steps: 4200 },
  })
  @KeepJsonAsSent()
  @IsJsonValue()
  data: unknown;
}

export class DocumentBatchDto {
  @ApiProperty({ type: [DocumentDto], maxItems: MAX_BATCH_DOCUMENTS })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_DOCUMENTS)
  @ValidateNested({ each: true }) @Type(() => DocumentDto)
  documents: DocumentDto[];
}

keepJsonAsSentIn(DocumentBatchDto, 'data', (batch) => (Array.isArray(batch.documents) ? batch.documents : []));

export class DocumentAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['Pending', 'Success', 'Failed'] }) status: string;
}

export class BatchAcceptedDto {
  @ApiProperty({ type: [String] }) ids: string[];
}
