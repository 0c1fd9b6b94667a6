import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsUUID, ValidateBy } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import { IsOmittable } from '../../../infrastructure/http/validators.js';
import { MAX_BULK_IDS } from './rejected.dto.js';

/** A UTC date (`2026-03-01`, its whole day) or a date and time with its offset (`2026-03-01T08:00:00Z`). */
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function IsDateOrTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateOrTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && DATE_OR_TIME.test(value) && Number.isFinite(Date.parse(value)) && sameDay(value),
      defaultMessage: (args) => `${args?.property} must be a date (2026-03-01) or a date and time with its offset (2026-03-01T08:00:00Z)`,
    },
  });
}

/** `2026-02-30` parses as March 2nd: the day written must be the day read. */
function sameDay(value: string): boolean {
  const [date] = value.split('T');
  return !/^\d{4}-\d{2}-\d{2}$/.test(value) || new Date(Date.parse(date)).toISOString().startsWith(date);
}

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
