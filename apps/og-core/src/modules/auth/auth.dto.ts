import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /auth/login` body. */
export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'secret' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

/** An access token: send it as `Authorization: Bearer <accessToken>`. */
export class TokenView {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the token expires. */
  @ApiProperty({ example: 3600 })
  expiresIn: number;
}
