import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { clientScope, requestedScope, type Caller } from '../../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../../infrastructure/http/openapi/api-docs.js';
import { EventsQuery } from '../application/events-query.js';
import { ClientNotFound } from '../../../../domain/errors.js';
import type { EventView } from '../domain/event-view.js';
import { DocGetEvent, DocListEvents } from './events.openapi.js';
import { EventsQueryDto } from './events.dto.js';

const DEFAULT_LIMIT = 50;

@ApiTags('events')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('webhooks/v1/events')
export class EventsController {
  constructor(private readonly events: EventsQuery) {}

  @Get()
  @DocListEvents()
  list(@Query() query: EventsQueryDto, @CurrentCaller() caller: Caller): Promise<{ items: EventView[]; nextCursor: string | null }> {
    return this.events.page({
      clientId: requestedScope(caller, query.clientId, () => new ClientNotFound(query.clientId)),
      environment: query.environment,
      status: query.status,
      limit: query.limit ?? DEFAULT_LIMIT,
      cursor: query.cursor,
    });
  }

  @Get(':id')
  @DocGetEvent()
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller): Promise<EventView> {
    return this.events.one(id, clientScope(caller));
  }
}
