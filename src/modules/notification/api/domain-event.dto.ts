import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import { IsOmittable, IsPlainText } from '../../../infrastructure/http/validators.js';
import { EXTRACTION_FAILURE_REASONS, type ExtractionFailureReason } from '../../../domain/events.js';
import { DATA_SOURCE_EVENT_TYPES, PRODUCER_EVENT_TYPES, type ProducerEventType } from '../domain/producer-event.js';

const needsDataSource = (dto: DomainEventDto) => DATA_SOURCE_EVENT_TYPES.includes(dto.type);
const needsReason = (dto: DomainEventDto) => dto.type === 'extraction.failed';

/** Rejects a field the event's type does not use, rather than dropping it silently. */
function OnlyFor(types: readonly string[]): PropertyDecorator {
  return ValidateBy({
    name: 'onlyFor',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => types.includes((args?.object as DomainEventDto).type),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} is not used by ${(args?.object as DomainEventDto).type}; it applies to ${types.join(', ')} only`,
    },
  });
}

export class DomainEventDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'idempotency key: the same id again publishes nothing more' })
  @IsOmittable()
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'clientId must be a UUID' })
  clientId: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiProperty({ enum: PRODUCER_EVENT_TYPES })
  @IsIn(PRODUCER_EVENT_TYPES)
  type: ProducerEventType;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  @IsPlainText()
  userId: string;

  @ApiPropertyOptional({ description: 'required for data_source.linked, data_source.unlinked and extraction.failed' })
  @ValidateIf((dto: DomainEventDto) => needsDataSource(dto) || dto.dataSource !== undefined)
  @IsString({ message: `dataSource is required for ${DATA_SOURCE_EVENT_TYPES.join(', ')} and must be a string` })
  @IsNotEmpty({ message: 'dataSource must not be empty' })
  @MaxLength(256)
  @IsPlainText()
  @OnlyFor(DATA_SOURCE_EVENT_TYPES)
  dataSource?: string;

  @ApiPropertyOptional({ enum: EXTRACTION_FAILURE_REASONS, description: 'required for extraction.failed' })
  @ValidateIf((dto: DomainEventDto) => needsReason(dto) || dto.reason !== undefined)
  @IsIn(EXTRACTION_FAILURE_REASONS, { message: `reason is required for extraction.failed and must be one of: ${EXTRACTION_FAILURE_REASONS.join(', ')}` })
  @OnlyFor(['extraction.failed'])
  reason?: ExtractionFailureReason;
}

export interface DomainEventAccepted {
  id: string;
}
