import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIP, IsOptional, IsString, MaxLength, MinLength, Validate } from 'class-validator';
import { PageQuery } from '@core/common/pagination';
import { IsNetmask } from '@core/common/network.validators';

/** Body of `POST /subnets`. */
export class CreateSubnetDto {
  @ApiProperty({ example: 'Red Aula Demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Network address, IPv4. */
  @ApiProperty({ example: '192.168.2.0' })
  @IsIP(4)
  address: string;

  @ApiProperty({ example: '255.255.255.0' })
  @Validate(IsNetmask)
  netmask: string;

  @ApiPropertyOptional({ example: '192.168.2.1' })
  @IsOptional()
  @IsIP(4)
  router?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIP(4)
  nextServer?: string;

  @ApiPropertyOptional({ example: 'ipxe.efi' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  bootFileName?: string;
}

export class UpdateSubnetDto extends PartialType(CreateSubnetDto) {}
export class SubnetQuery extends PageQuery {}
