import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CANONICAL_IMAGE_NAME } from '@og/contracts';
import { PageQuery } from '@core/common/pagination';
import { IMAGE_STATUSES, ImageStatus } from './image.entity';

/** Body of `POST /images`: the image record, before or without a capture. */
export class CreateImageDto {
  /** Canonical name: letters, digits, `-`, `_` (no spaces, dots or slashes). */
  @ApiProperty({ example: 'image-test' })
  @Matches(CANONICAL_IMAGE_NAME, { message: 'name must contain only letters, digits, "-" and "_" (1-100)' })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** OS family: `Linux`, `Windows`, … */
  @ApiPropertyOptional({ example: 'Linux' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  type?: string;

  /** OS version, e.g. `Ubuntu 24.04`. */
  @ApiPropertyOptional({ example: 'Ubuntu 24.04' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  repositoryId: string;
}

/** Body of `PATCH /images/{id}`: descriptive fields only; file facts come from the repository. */
export class UpdateImageDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  type?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  version?: string;
}

/** Query of `GET /images`. */
export class ImageQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IMAGE_STATUSES })
  @IsOptional()
  @IsIn(IMAGE_STATUSES as unknown as string[])
  status?: ImageStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  repositoryId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;
}
