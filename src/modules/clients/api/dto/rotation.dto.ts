import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, ValidateBy } from 'class-validator';
import { parseDuration } from '../../../../config/duration.js';
import { MAX_ROTATION_OVERLAP_MS } from '../../domain/rotation.js';

export class RotateApiKeyDto {
  @ApiPropertyOptional({ default: false, description: 'true: the previous key stops working now instead of after SECRET_ROTATION_OVERLAP' })
  @IsOptional()
  @IsBoolean()
  revokePrevious?: boolean;
}

/** `0` (or `0s`, `0h`…): the previous secret stops at once; otherwise a duration up to 30 days. */
export function parseOverlap(text: string): number | undefined {
  if (/^\s*0+\s*(ms|s|m|h|d)?\s*$/.test(text)) return 0;
  const overlap = parseDuration(text);
  return overlap !== undefined && overlap <= MAX_ROTATION_OVERLAP_MS ? overlap : undefined;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ example: '24h', description: 'how long the previous secret keeps signing (default SECRET_ROTATION_OVERLAP; 0: stop now; at most 30d)' })
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'isOverlap',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseOverlap(value) !== undefined,
      defaultMessage: () => 'overlap must be 0 or a duration such as 30m, 24h or 7d, at most 30d',
    },
  })
  overlap?: string;
}
