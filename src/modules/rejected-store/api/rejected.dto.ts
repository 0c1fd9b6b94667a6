import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../domain/document.js';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import { IsOmittable } from '../../../infrastructure/http/validators.js';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_BULK_IDS = 10_000;

export class ListRejectedQuery {
  @ApiPropertyOptional({ enum: ENVIRONMENTS })
  @IsOptional() @IsIn(ENVIRONMENTS)
  environment?: Environment;

  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional() @IsIn(DOCUMENT_KINDS)
  kind?: DocumentKind;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString()
  cursor?: string;

  @ApiPropertyOptional({ description: 'operators only: the client to list (all clients when omitted)' })
  @IsOptional() @IsUUID()
  clientId?: string;
}

export class ClientIdQuery {
  @ApiPropertyOptional({ description: 'operators only: the client whose documents to resend (required for operators)' })
  @IsOptional() @IsUUID()
  clientId?: string;
}

export class BulkResendRequest {
  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiPropertyOptional({ description: 'documents to resend; every waiting document of the environment when omitted', type: [String] })
  @IsOmittable() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true })
  ids?: string[];
}

export interface RejectedItem {
  id: string;
  kind: DocumentKind;
  type: string;
  userId: string;
  environment: Environment;
  storedAt: string;
  expiresAt: string;
  attempts: number;
}
