import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '@core/common/pagination';

/** Body of `POST /image-repositories`. */
export class CreateImageRepositoryDto {
  /** Must equal the repository's `OG_REPOSITORY_NAME`. */
  @ApiProperty({ example: 'repo-demo' })
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'name may contain letters, digits, ".", "_" and "-"' })
  name: string;

  /** Host name or IP agents reach the repository at. */
  @ApiProperty({ example: '192.168.68.55' })
  @Matches(/^[A-Za-z0-9.-]{1,255}$|^\[[0-9a-fA-F:]+\]$/, { message: 'address must be a host name or IP address' })
  address: string;

  @ApiPropertyOptional({ example: 8006, default: 8006 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  /** og-repository API token; write-only (never returned). */
  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(255)
  apiToken: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comments?: string;
}

export class UpdateImageRepositoryDto extends PartialType(CreateImageRepositoryDto) {}
export class ImageRepositoryQuery extends PageQuery {}
