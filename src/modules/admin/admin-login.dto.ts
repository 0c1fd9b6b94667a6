import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** POST /admin/login: the operator token in the body, since a browser form cannot send a bearer header. */
export class AdminLoginDto {
  @ApiProperty({ description: 'an operator token (ADMIN_TOKEN)' })
  @IsString()
  @MaxLength(1024)
  token: string;
}
