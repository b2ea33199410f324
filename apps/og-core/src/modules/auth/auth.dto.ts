import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

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

/** `POST /auth/refresh` body. */
export class RefreshDto {
  /** The refresh token of the last login or refresh (each is valid once). */
  @ApiProperty({ example: 'ogr_…' })
  @IsString()
  @Matches(/^ogr_[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is not a refresh token' })
  refreshToken: string;
}

/** Tokens: send `accessToken` as `Authorization: Bearer <accessToken>`; trade `refreshToken` for new ones at `/auth/refresh`. */
export class TokenView {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the access token expires. */
  @ApiProperty({ example: 3600 })
  expiresIn: number;

  /** Opaque, single use, valid `OG_REFRESH_TTL_SECONDS`. */
  @ApiProperty({ example: 'ogr_…' })
  refreshToken: string;
}
