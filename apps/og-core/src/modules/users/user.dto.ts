import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQuery } from '@core/common/pagination';
import { Role, ROLES } from '@core/modules/access/roles';

/** Body of `POST /users`. */
export class CreateUserDto {
  @ApiProperty({ example: 'operador1' })
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3-64 letters, digits, ".", "_" or "-"' })
  username: string;

  /** At least 8 characters; stored hashed with scrypt. */
  @ApiProperty({ writeOnly: true, minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  /** One role (an array for future combinations). */
  @ApiProperty({ enum: ROLES, isArray: true, example: ['operator'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES as unknown as string[], { each: true })
  roles: Role[];

  /** Units the user acts in (and everything under them). Required for every role but super-admin. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organizationalUnitIds?: string[];
}

/** Body of `PATCH /users/{id}`. */
export class UpdateUserDto {
  @ApiPropertyOptional({ writeOnly: true, minLength: 8 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES as unknown as string[], { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organizationalUnitIds?: string[];
}

/** Body of `PUT /users/me/password`. */
export class ChangePasswordDto {
  @ApiProperty({ writeOnly: true })
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ writeOnly: true, minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  newPassword: string;
}

/** Body of `POST /users/{id}/api-tokens`. */
export class CreateApiTokenDto {
  @ApiProperty({ example: 'nightly inventory script' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Lifetime in days (1–365). */
  @ApiProperty({ example: 90 })
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays: number;
}

/** A new API token: `token` is shown only in this answer. Send it as `Authorization: Bearer <token>`. */
export class IssuedApiTokenView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ogt_…' })
  token: string;

  @ApiProperty()
  expiresAt: Date;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  username?: string;
}
