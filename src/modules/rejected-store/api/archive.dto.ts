import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsUUID } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import { IsDateOrTime, IsOmittable } from '../../../infrastructure/http/validators.js';
import { MAX_BULK_IDS } from './rejected.dto.js';

export class RestoreRequestDto {
  @ApiProperty({ format: 'uuid', description: 'the client whose archived documents to restore' })
  @IsUUID()
  clientId: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiPropertyOptional({ description: 'only these documents (each must be archived); every archived one of the client and environment when omitted', type: [String] })
  @IsOmittable() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(MAX_BULK_IDS) @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ example: '2026-03-01', description: 'only documents first stored at or after this date (its start) or time' })
  @IsOmittable() @IsDateOrTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'only documents first stored at or before this date (its end) or time' })
  @IsOmittable() @IsDateOrTime()
  to?: string;
}
