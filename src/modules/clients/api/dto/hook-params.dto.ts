import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID, MaxLength } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../../../domain/environment.js';
import { HOOK_KINDS, type HookKind } from '../../../../domain/hook.js';
import { IsPlainText } from '../../../../infrastructure/http/validators.js';
import { IsWebhookUrl } from './is-webhook-url.js';
import { MAX_URL_LENGTH } from './create-client.dto.js';
import { HookLimitsDto } from './hook-limits.dto.js';

export class NotificationHookParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId: string;

  @ApiProperty({ enum: ENVIRONMENTS })
  @IsIn(ENVIRONMENTS)
  environment: Environment;
}

export class HookParams extends NotificationHookParams {
  @ApiProperty({ enum: HOOK_KINDS })
  @IsIn(HOOK_KINDS)
  kind: HookKind;
}

export class PutHookDto extends HookLimitsDto {
  @ApiProperty({ example: 'https://acme.example/data' })
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  @IsPlainText()
  url: string;
}
