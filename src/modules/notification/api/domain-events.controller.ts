import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { ProducerGuard } from '../../../infrastructure/http/producer.guard.js';
import { DomainEventIntake } from '../application/domain-event-intake.js';
import { DomainEventDto, type DomainEventAccepted } from './domain-event.dto.js';
import { DocAcceptDomainEvent } from './domain-events.openapi.js';

@ApiTags('domain events')
@ApiAccess('producer', 'operator')
@UseGuards(ProducerGuard)
@Controller('v1/domain-events')
export class DomainEventsController {
  constructor(private readonly intake: DomainEventIntake) {}

  /** A producer's user-management or extraction event; it becomes a notification. Repeating an id is harmless. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @DocAcceptDomainEvent()
  async accept(@Body() dto: DomainEventDto): Promise<DomainEventAccepted> {
    return { id: await this.intake.accept(dto) };
  }
}
