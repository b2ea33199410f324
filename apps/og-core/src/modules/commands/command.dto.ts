import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CONFIGURAR_FILESYSTEMS, MAX_SCRIPT_LENGTH, PARTITION_TABLE_TYPES } from '@og/contracts';
import { TraceEntity } from '@core/modules/traces/trace.entity';

/** `clientIds` of a command: 1–1000 distinct UUIDs. */
function ClientIdsField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [String], format: 'uuid' }),
    ArrayMinSize(1),
    ArrayMaxSize(1000),
    ArrayUnique(),
    IsUUID('all', { each: true }),
  );
}

/** `disk` of a command: optional, 1–64, default 1. */
function DiskField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, default: 1, minimum: 1, maximum: 64 }),
    ValidateIf((_, value) => value !== undefined),
    IsInt(),
    Min(1),
    Max(64),
  );
}

/** `partition` of a command: 1–128 (OpenGnsys `par`). */
function PartitionField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: Number, example: 2, minimum: 1, maximum: 128 }),
    IsInt(),
    Min(1),
    Max(128),
  );
}

/** Partition types `POST /commands/partition` can create (OpenGnsys mnemonics, sent as `cpt`; the agent maps them to MSDOS ids or GPT codes). */
export const PARTITION_TYPES = ['LINUX', 'CACHE', 'EMPTY', 'NTFS', 'FAT32', 'LINUX-SWAP', 'EFI', 'WINDOWS'] as const;
/** Filesystems it can format (the agent's `Configurar` `sfi`). */
export const PARTITION_FILESYSTEMS = CONFIGURAR_FILESYSTEMS;

/** One partition of the new layout. */
export class PartitionSpecDto {
  /** Partition number: 1–4 on MSDOS (primary partitions), 1–128 on GPT. */
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(128)
  partition: number;

  @ApiProperty({ enum: PARTITION_TYPES, example: 'LINUX' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(PARTITION_TYPES as unknown as string[])
  type: (typeof PARTITION_TYPES)[number];

  @ApiProperty({ enum: PARTITION_FILESYSTEMS, example: 'EXT4' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(PARTITION_FILESYSTEMS as unknown as string[])
  filesystem: (typeof PARTITION_FILESYSTEMS)[number];

  /** Size in bytes; a multiple of 1 MiB (1048576). */
  @ApiProperty({ example: 1073741824 })
  @IsInt()
  @Min(1048576)
  sizeBytes: number;

  /** Format the partition after writing the table (OpenGnsys `ope=1`). */
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  format?: boolean;
}

/** `POST /commands/partition`: write an MSDOS table on a disk of each client and format it (OpenGnsys `Configurar`). */
export class PartitionCommandDto {
  /** Target clients (1–1000, no repeats); the command is refused whole if any of them cannot run it. */
  @ClientIdsField()
  clientIds: string[];

  /** Disk number, 1-based (OpenGnsys `dsk`). */
  @DiskField()
  disk: number = 1;

  @ApiPropertyOptional({ enum: PARTITION_TABLE_TYPES, default: 'MSDOS' })
  @IsOptional()
  @IsIn(PARTITION_TABLE_TYPES as unknown as string[])
  tableType: (typeof PARTITION_TABLE_TYPES)[number] = 'MSDOS';

  @ApiProperty({ type: [PartitionSpecDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(128)
  @ValidateNested({ each: true })
  @Type(() => PartitionSpecDto)
  partitions: PartitionSpecDto[];
}

/** `POST /commands/create-image`: capture a client's partition into the image's repository (OpenGnsys `CrearImagen`). */
export class CreateImageCommandDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  clientId: string;

  /** Disk number, 1-based (OpenGnsys `dsk`). */
  @DiskField()
  disk: number = 1;

  /** Partition number, 1-based (OpenGnsys `par`). */
  @PartitionField()
  partition: number;

  /** Image record to capture into (create it with `POST /images`). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  imageId: string;
}

/** Deploy methods: `unicast` = UNICAST-CACHE (download to the CACHE, then restore), `unicast-direct` = stream to the partition. */
export const DEPLOY_METHODS = ['unicast', 'unicast-cache', 'unicast-direct'] as const;

/** `POST /commands/deploy-image`: restore an image onto a partition of each client (OpenGnsys `RestaurarImagen`). */
export class DeployImageCommandDto {
  /** Target clients (1–1000, no repeats); the command is refused whole if any of them cannot run it. */
  @ClientIdsField()
  clientIds: string[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  imageId: string;

  /** Disk number, 1-based (OpenGnsys `dsk`). */
  @DiskField()
  disk: number = 1;

  /** Partition number, 1-based (OpenGnsys `par`). */
  @PartitionField()
  partition: number;

  @ApiProperty({ enum: DEPLOY_METHODS, example: 'unicast' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(DEPLOY_METHODS as unknown as string[])
  method: (typeof DEPLOY_METHODS)[number];
}

/** 202 answer of every command: one trace per client, in the order of the request. */
export class CommandAcceptedView {
  @ApiProperty({ type: [TraceEntity] })
  traces: TraceEntity[];
}

/** `POST /commands/cancel`: stop what an agent is doing for a trace. */
export class CancelCommandDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  traceId: string;
}

/** `POST /commands/hardware-inventory`: read each client's hardware (OpenGnsys `InventarioHardware`); the result becomes its hardware profile. */
export class HardwareInventoryCommandDto {
  /** Target clients (1–1000, no repeats). */
  @ClientIdsField()
  clientIds: string[];
}

/** `POST /commands/run-script`: run a bash script as root in ogLive on each client (OpenGnsys `EjecutarScript`). */
export class RunScriptCommandDto {
  /** Target clients (1–1000, no repeats). */
  @ClientIdsField()
  clientIds: string[];

  /** Script text; exit code, stdout and stderr (last 64 KiB each) land in each trace's result. */
  @ApiProperty({ example: 'lsblk -o NAME,SIZE\n' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SCRIPT_LENGTH)
  script: string;
}

/** `POST /commands/power-off`, `/commands/reboot`, `/commands/refresh`: an order with no parameters to each client. */
export class ClientsCommandDto {
  /** Target clients (1–1000, no repeats). */
  @ClientIdsField()
  clientIds: string[];
}

/** A command on one partition of each client: `/commands/software-inventory` and `/commands/boot-os`. */
export class PartitionOfClientsCommandDto {
  /** Target clients (1–1000, no repeats); the command is refused whole if any of them cannot run it. */
  @ClientIdsField()
  clientIds: string[];

  /** Disk number, 1-based (OpenGnsys `dsk`). */
  @DiskField()
  disk: number = 1;

  /** Partition number, 1-based (OpenGnsys `par`). */
  @PartitionField()
  partition: number;
}

/**
 * `POST /commands/software-inventory`: list the software installed on a partition of each client (OpenGnsys
 * `InventarioSoftware`); the result becomes that partition's software profile.
 */
export class SoftwareInventoryCommandDto extends PartitionOfClientsCommandDto {}

/** `POST /commands/boot-os`: boot the OS installed on a partition of each client (OpenGnsys `IniciarSesion`). */
export class BootOsCommandDto extends PartitionOfClientsCommandDto {}

/** An image and the clients whose CACHE partition a command is about. */
export class CacheImageCommandDto {
  /** Target clients (1–1000, no repeats); each must have a CACHE partition (as last reported by its agent). */
  @ClientIdsField()
  clientIds: string[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  imageId: string;
}

/**
 * `POST /commands/update-cache`: bring an image (status `success`) from its repository into each client's CACHE
 * without restoring it (OpenGnsys `updateCache`, agent `ActualizarCache`); skipped when the cached copy matches.
 */
export class UpdateCacheCommandDto extends CacheImageCommandDto {}

/** `POST /commands/delete-cache-image`: delete an image's files from each client's CACHE (OpenGnsys `EliminarImagenCache`). */
export class DeleteCacheImageCommandDto extends CacheImageCommandDto {}
