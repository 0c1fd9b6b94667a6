import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OperatorGuard } from '../../../infrastructure/http/operator.guard.js';
import { DomainEventIntake } from '../application/domain-event-intake.js';
import { DomainEventDto, type DomainEventAccepted } from './domain-event.dto.js';

@ApiTags('domain events')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('v1/domain-events')
export class DomainEventsController {
  constructor(private readonly intake: DomainEventIntake) {}

  /** A producer's user-management or extraction event; it becomes a notification. Repeating an id is harmless. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async accept(@Body() dto: DomainEventDto): Promise<DomainEventAccepted> {
    return { id: await this.intake.accept(dto) };
  }
}
