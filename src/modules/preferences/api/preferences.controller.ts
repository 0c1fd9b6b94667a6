import { Body, Controller, Get, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { PreferenceOwner } from '../application/preference-owner.js';
import { PreferenceStore } from '../infrastructure/preference-store.js';
import { ClientIdQuery, PreferencesQuery, UpdatePreferencesDto, type PreferencesResponse } from './preferences.dto.js';

/** A client's notification preferences; the operator passes `clientId` as a query parameter. */
@ApiTags('preferences')
@ApiBearerAuth()
@UseGuards(CallerGuard)
@Controller('v1/preferences')
export class PreferencesController {
  constructor(
    private readonly owner: PreferenceOwner,
    private readonly store: PreferenceStore,
  ) {}

  @Get()
  async get(@CurrentCaller() caller: Caller, @Query() query: PreferencesQuery): Promise<PreferencesResponse> {
    const clientId = await this.owner.of(caller, query.clientId);
    return { environment: query.environment, notifications: await this.store.preferencesOf(clientId, query.environment) };
  }

  /** Changes the categories named and answers with the whole set. */
  @Put()
  async update(@CurrentCaller() caller: Caller, @Query() query: ClientIdQuery, @Body() body: UpdatePreferencesDto): Promise<PreferencesResponse> {
    const clientId = await this.owner.of(caller, query.clientId);
    return { environment: body.environment, notifications: await this.store.change(clientId, body.environment, body.notifications) };
  }
}
