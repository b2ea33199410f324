import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsIP, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
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
}
