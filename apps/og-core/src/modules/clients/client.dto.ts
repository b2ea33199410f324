import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsIP,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { normalizeMac } from '@og/contracts';
import { PageQuery } from '@core/common/pagination';
import { CLIENT_STATUSES, ClientStatus } from './client.entity';

const MAC_FORM = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const toMac = ({ value }: { value: unknown }) => (typeof value === 'string' ? (normalizeMac(value) ?? value) : value);

/** Body of `POST /clients`. */
export class CreateClientDto {
  @ApiProperty({ example: 'pc1' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** MAC as `08:00:27:4F:BE:38`, `08-00-27-4f-be-38` or `0800274fbe38`; stored as `08:00:27:4f:be:38`. */
  @ApiProperty({ example: '08:00:27:0b:88:be' })
  @Transform(toMac)
  @Matches(MAC_FORM, { message: 'mac must be a MAC address' })
  mac: string;

  /** IPv4 address; og-core reaches the client's agent there. */
  @ApiProperty({ example: '192.168.2.3' })
  @IsIP(4)
  ip: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationalUnitId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subnetId?: string;

  /** Repository the client captures to and deploys from by default. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  repositoryId?: string;

  @ApiPropertyOptional({ example: 'CZC1234XYZ' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  serialNumber?: string;

  @ApiPropertyOptional({ example: 'enp0s3' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'networkInterface must be an interface name' })
  networkInterface?: string;

  /** ogLive to boot; omitted = the default one. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ogLiveId?: string;

  @ApiPropertyOptional({ example: 'ogLive' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'bootTemplate must be a template name' })
  bootTemplate?: string;

  /** Commands to a client in maintenance are refused. */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  maintenance?: boolean;
}

/** One row of a bulk import: what a classroom's CSV has per PC (same rules as {@link CreateClientDto}). */
export class ImportClientRowDto extends PickType(CreateClientDto, ['name', 'mac', 'ip'] as const) {}

/**
 * `POST /clients/import`: a classroom's clients from CSV (`name,mac,ip` header) or JSON rows, all or nothing.
 * Exactly one of `csv` and `clients`.
 */
export class ImportClientsDto extends PickType(CreateClientDto, [
  'organizationalUnitId',
  'subnetId',
  'repositoryId',
] as const) {
  /** CSV text with a `name,mac,ip` header line (`;` also accepted as separator). */
  @ApiPropertyOptional({ example: 'name,mac,ip\npc1,08:00:27:0b:88:be,192.168.2.3' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000_000)
  csv?: string;

  @ApiPropertyOptional({ type: [ImportClientRowDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  clients?: unknown[];
}

/** A row the import refused: 1-based row number (data rows, header excluded), field and reason. */
export class ImportRowError {
  @ApiProperty()
  row: number;

  @ApiProperty()
  field: string;

  @ApiProperty()
  message: string;
}

export class UpdateClientDto extends PartialType(CreateClientDto) {}

/** Query of `GET /clients`. */
export class ClientQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationalUnitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toMac)
  @Matches(MAC_FORM, { message: 'mac must be a MAC address' })
  mac?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIP(4)
  ip?: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUSES })
  @IsOptional()
  @IsIn(CLIENT_STATUSES as unknown as string[])
  status?: ClientStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subnetId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  repositoryId?: string;
}
