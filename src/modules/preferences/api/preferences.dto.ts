import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../../domain/environment.js';
import { IsOmittable } from '../../../infrastructure/http/validators.js';
import type { PreferenceSet } from '../domain/preference-set.js';

/** `clientId` names the client when the operator calls; a client may only name itself. */
export class PreferencesQuery {
  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiPropertyOptional({ description: 'required with the operator token' })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class ClientIdQuery {
  @ApiPropertyOptional({ description: 'required with the operator token' })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

/** The categories to change; a category left out keeps its setting, an unknown one is a 400. */
export class NotificationSettingsDto {
  @ApiPropertyOptional() @IsOmittable() @IsBoolean()
  user_management?: boolean;

  @ApiPropertyOptional() @IsOmittable() @IsBoolean()
  extraction_failures?: boolean;

  @ApiPropertyOptional() @IsOmittable() @IsBoolean()
  rejected_information?: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;

  @ApiProperty({ type: NotificationSettingsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationSettingsDto)
  notifications: NotificationSettingsDto;
}

export interface PreferencesResponse {
  environment: Environment;
  notifications: PreferenceSet;
}
