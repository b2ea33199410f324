import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@core/common/pagination';

/** Body of `POST /og-lives`. */
export class CreateOgLiveDto {
  @ApiProperty({ example: 'ogLive-noble-6.8.0-31-generic-amd64-r20241128' })
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, {
    message: 'directory must be a directory name (letters, digits, ".", "_", "-")',
  })
  directory: string;

  @ApiProperty({ example: 'noble' })
  @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'distribution must be a short name' })
  distribution: string;

  @ApiProperty({ example: '6.8.0-31-generic' })
  @Matches(/^[A-Za-z0-9._+-]{1,100}$/, { message: 'kernel must be a kernel release' })
  kernel: string;

  @ApiProperty({ enum: ['amd64', 'i386', 'arm64'] })
  @IsIn(['amd64', 'i386', 'arm64'])
  architecture: string;

  @ApiProperty({ example: 'r20241128' })
  @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'revision must be a short identifier' })
  revision: string;

  /** Make it the default (the previous default stops being one). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateOgLiveDto extends PartialType(CreateOgLiveDto) {}
export class OgLiveQuery extends PageQuery {}
