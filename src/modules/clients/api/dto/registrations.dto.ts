import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class RegistrationsQuery {
  @ApiPropertyOptional({ description: "operators: list this client's hooks (without it, every client's hooks, each with its clientId); a client may pass only its own id" })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class HookIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  hookId: string;
}
