import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import { ENVIRONMENTS } from '../../../../domain/environment.js';
import { IsOmittable, IsPlainText } from '../../../../infrastructure/http/validators.js';
import { IsWebhookUrl } from './is-webhook-url.js';

export const MAX_URL_LENGTH = 2048;

export class EnvironmentHooksDto {
  @ApiProperty({ example: 'https://acme.example/data' })
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  @IsPlainText()
  dataWebhookUrl: string;

  @ApiPropertyOptional({ example: 'https://acme.example/notify', description: 'the optional Notification Webhook' })
  @IsOmittable()
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  @IsPlainText()
  notificationWebhookUrl?: string;
}

export class EnvironmentsDto {
  @ApiPropertyOptional({ type: EnvironmentHooksDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => EnvironmentHooksDto)
  sandbox?: EnvironmentHooksDto;

  @ApiPropertyOptional({ type: EnvironmentHooksDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => EnvironmentHooksDto)
  production?: EnvironmentHooksDto;
}

export class CreateClientDto {
  @ApiProperty({ example: 'Acme Health' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsPlainText()
  name: string;

  @ApiProperty({ type: EnvironmentsDto, description: 'at least one of sandbox and production' })
  @IsObject()
  @ValidateNested()
  @Type(() => EnvironmentsDto)
  @ValidateBy({
    name: 'hasAnEnvironment',
    validator: {
      validate: (value: unknown) => typeof value === 'object' && value !== null && ENVIRONMENTS.some((name) => (value as Record<string, unknown>)[name] != null),
      defaultMessage: () => `environments must configure at least one of ${ENVIRONMENTS.join(', ')}`,
    },
  })
  environments: EnvironmentsDto;
}
