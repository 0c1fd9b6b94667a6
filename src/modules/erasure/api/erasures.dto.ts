import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOmittable, IsPlainText } from '../../../infrastructure/http/validators.js';

export class ErasureRequestDto {
  @ApiProperty({ example: 'user-123', maxLength: 255, description: 'the user as documents name it (`userId`), exactly' })
  @IsString() @Matches(/\S/, { message: 'userId must not be empty' }) @MaxLength(255) @IsPlainText()
  userId: string;

  @ApiPropertyOptional({ format: 'uuid', description: "the user's client: required for operators; a client may name only itself" })
  @IsOmittable() @IsUUID()
  clientId?: string;
}
