import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../../../domain/environment.js';
import { IsDateOrTime, IsOmittable } from '../../../../infrastructure/http/validators.js';

export class ReplayRequestDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiProperty({ example: '2026-03-01', description: 'documents created at or after this time (a date alone: its start, UTC)' })
  @IsDateOrTime()
  from: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: 'documents created before this time (a date alone: its start, UTC); now when omitted' })
  @IsOmittable() @IsDateOrTime()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'operators only, and required for them: the client whose documents to replay' })
  @IsOmittable() @IsUUID()
  clientId?: string;
}
