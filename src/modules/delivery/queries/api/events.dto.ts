import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../../../domain/document.js';
import { ENVIRONMENTS, type Environment } from '../../../../domain/environment.js';

export class EventsQueryDto {
  @ApiPropertyOptional({ enum: ENVIRONMENTS })
  @IsOptional() @IsIn(ENVIRONMENTS)
  environment?: Environment;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Operators only: the client to list (all clients when absent)' })
  @IsOptional() @IsUUID()
  clientId?: string;
}
