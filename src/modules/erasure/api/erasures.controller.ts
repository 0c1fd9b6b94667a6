import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../../domain/caller.js';
import { CallerGuard, CurrentCaller } from '../../../infrastructure/http/caller.guard.js';
import { ApiAccess } from '../../../infrastructure/http/openapi/api-docs.js';
import { ErasureRequests } from '../application/erasure-requests.js';
import { erasureView } from '../domain/erasure.js';
import { ErasureRequestDto } from './erasures.dto.js';
import { DocGetErasure, DocRequestErasure } from './erasures.openapi.js';

@ApiTags('erasures')
@ApiAccess('client', 'operator')
@UseGuards(CallerGuard)
@Controller('v1/erasures')
export class ErasuresController {
  constructor(private readonly requests: ErasureRequests) {}

  @Post()
  @HttpCode(202)
  @DocRequestErasure()
  async request(@Body() body: ErasureRequestDto, @CurrentCaller() caller: Caller): Promise<{ id: string; state: string }> {
    const erasure = await this.requests.request(caller, body.userId, body.clientId);
    return { id: erasure.id, state: erasure.state };
  }

  @Get(':id')
  @DocGetErasure()
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentCaller() caller: Caller) {
    return erasureView(await this.requests.find(id, caller));
  }
}
