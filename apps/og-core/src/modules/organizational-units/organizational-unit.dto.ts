import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUrl,
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

  /** Classroom DNS server(s), comma-separated IPv4. */
  @ApiPropertyOptional({ example: '192.168.2.1' })
  @IsOptional()
  @Matches(/^(\d{1,3}(\.\d{1,3}){3})(,\s*\d{1,3}(\.\d{1,3}){3})*$/, {
    message: 'dns must be IPv4 addresses separated by commas',
  })
  dns?: string;

  /** Classroom NTP server (host or IP). */
  @ApiPropertyOptional({ example: 'ntp.example.edu' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,255}$/, { message: 'ntp must be a host name or IP address' })
  ntp?: string;

  /** Classroom HTTP proxy URL. */
  @ApiPropertyOptional({ example: 'http://proxy.example.edu:3128' })
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'proxy must be an http(s) URL' },
  )
  proxy?: string;

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

  /** Clients the multicast sender waits for. */
  @ApiPropertyOptional({ example: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  multicastClients?: number;

  /** Seconds the multicast sender waits for them at most. */
  @ApiPropertyOptional({ example: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  multicastMaxWaitSeconds?: number;

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

/** Query of `DELETE /organizational-units/{id}`. */
export class DeleteOrganizationalUnitQuery {
  /** Also delete every unit and client under it (otherwise a unit with children is 409). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  cascade?: boolean;
}
