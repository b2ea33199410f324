import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
} from 'class-validator';
import { PageQuery } from '@core/common/pagination';
import { IsEvenPort, IsNetmask } from '@core/common/network.validators';
import { OrganizationalUnitType, OU_TYPES } from './organizational-unit.entity';

/** Body of `POST /organizational-units`. Network and deploy fields apply to classrooms. */
export class CreateOrganizationalUnitDto {
  @ApiProperty({ example: 'Aula Demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: OU_TYPES, example: 'classroom' })
  @IsIn(OU_TYPES as unknown as string[])
  type: OrganizationalUnitType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Parent unit; omitted for a top-level centre. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  /** Classroom default gateway, IPv4. */
  @ApiPropertyOptional({ example: '192.168.2.1' })
  @IsOptional()
  @IsIP(4)
  router?: string;

  /** Classroom netmask, dotted IPv4. */
  @ApiPropertyOptional({ example: '255.255.255.0' })
  @IsOptional()
  @Validate(IsNetmask)
  netmask?: string;

  /** Multicast port: even, 9000–9098 (OpenGnsys). */
  @ApiPropertyOptional({ example: 9000 })
  @IsOptional()
  @Type(() => Number)
  @Validate(IsEvenPort)
  multicastPort?: number;

  /** Multicast group; default 239.194.x.y from the classroom network. */
  @ApiPropertyOptional({ example: '239.194.2.0' })
  @IsOptional()
  @IsIP(4)
  @Matches(/^23[2-9]\.|^22[4-9]\./, { message: 'multicastAddress must be an IPv4 multicast address' })
  multicastAddress?: string;

  @ApiPropertyOptional({ enum: ['full-duplex', 'half-duplex'] })
  @IsOptional()
  @IsIn(['full-duplex', 'half-duplex'])
  multicastMode?: string;

  /** Mbit/s. */
  @ApiPropertyOptional({ example: 70 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  multicastSpeedMbps?: number;

  @ApiPropertyOptional({ enum: ['seeder', 'peer', 'leecher'] })
  @IsOptional()
  @IsIn(['seeder', 'peer', 'leecher'])
  p2pMode?: string;

  /** Seconds. */
  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  p2pSeedTimeSeconds?: number;
}

/** Body of `PATCH /organizational-units/{id}` (moving = changing `parentId`). */
export class UpdateOrganizationalUnitDto extends PartialType(CreateOrganizationalUnitDto) {}

/** Query of `GET /organizational-units`. */
export class OrganizationalUnitQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ enum: OU_TYPES })
  @IsOptional()
  @IsIn(OU_TYPES as unknown as string[])
  type?: OrganizationalUnitType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;
}
