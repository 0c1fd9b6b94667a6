import { Body, Controller, Get, Put, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { PreferenceOwner } from '../application/preference-owner.js';
import { PreferenceStore } from '../infrastructure/preference-store.js';
import { DocGetPreferences, DocUpdatePreferences } from './preferences.openapi.js';
import { ClientIdQuery, PreferencesQuery, UpdatePreferencesDto, type PreferencesResponse } from './preferences.dto.js';

/** A client's notification preferences; the operator passes `clientId` as a query parameter. */
@ApiTags('preferences')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('v1/preferences')
export class PreferencesController {
  constructor(
    private readonly owner: PreferenceOwner,
    private readonly store: PreferenceStore,
  ) {}

  @Get()
  @DocGetPreferences()
  async get(@CurrentCaller() caller: Caller, @Query() query: PreferencesQuery): Promise<PreferencesResponse> {
    const clientId = await this.owner.of(caller, query.clientId);
    return { environment: query.environment, notifications: await this.store.preferencesOf(clientId, query.environment) };
  }

  /** Changes the categories named and answers with the whole set. */
  @Put()
  @DocUpdatePreferences()
  async update(@CurrentCaller() caller: Caller, @Query() query: ClientIdQuery, @Body() body: UpdatePreferencesDto): Promise<PreferencesResponse> {
    const clientId = await this.owner.of(caller, query.clientId);
    return { environment: body.environment, notifications: await this.store.change(clientId, body.environment, body.notifications) };
  }
}
