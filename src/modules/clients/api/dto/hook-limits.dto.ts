import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { HOOK_ORDERINGS, type HookOrdering } from '../../../../domain/hook.js';

export const MAX_RATE_LIMIT = 100_000;
export const MAX_IN_FLIGHT = 10_000;

/** How a hook's receiver may be called; a field left out keeps its value, `null` returns it to the default. */
export class HookLimitsDto {
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: MAX_RATE_LIMIT, description: 'deliveries per second at most; null: unlimited', example: 50 })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE_LIMIT)
  rateLimit?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: MAX_IN_FLIGHT, description: 'concurrent requests at most; null: HOOK_MAX_IN_FLIGHT', example: 8 })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_IN_FLIGHT)
  maxInFlight?: number | null;

  @ApiPropertyOptional({ enum: HOOK_ORDERINGS, description: 'user: documents about one user arrive in ingest order, each after the previous one is settled' })
  @IsOptional() @IsIn(HOOK_ORDERINGS)
  ordering?: HookOrdering;
}
