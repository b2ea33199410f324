import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CANONICAL_IMAGE_NAME } from '../names';
import { WireInt } from '../wire-int.decorator';
import { normalizeRestoreMethod, RestoreMethod, RESTORE_METHODS } from './agent-nfn';

/** Repository address: IP or host name, `host:port`, or an `http(s)://` URL. */
const REPOSITORY_ADDRESS = /^(https?:\/\/[^\s/]+(\/[^\s]*)?|[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?)$/;
/** Partition type code in hex (`83`, `7`, `ca`, `8300`, `0x83`). */
const PARTITION_CODE = /^(0x)?[0-9a-fA-F]{1,4}$/;

/** Fields every OpenGnsys order carries. */
export class AgentOrderBase {
  /** Function name; must equal the `<nfn>` of the route. OpenGnsys parameter `nfn`. */
  @ApiProperty({ example: 'RestaurarImagen' })
  @IsString()
  nfn: string;

  /** Action/session id for tracking (OpenGnsys `ids`); og-core sends the trace id. String, echoed in webhooks. */
  @ApiPropertyOptional({ example: '0' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @MaxLength(64)
  ids?: string;
}

/** Disk and partition addressed by an order. */
export class AgentPartitionOrder extends AgentOrderBase {
  /** Disk number, 1-based, as a string or number (OpenGnsys `dsk`). */
  @ApiProperty({ example: '1', type: String })
  @WireInt(1, 64)
  dsk: number;

  /** Partition number, 1-based, as a string or number (OpenGnsys `par`). */
  @ApiProperty({ example: '2', type: String })
  @WireInt(1, 128)
  par: number;
}

/** An order about image `nci` in repository `ipr` and partition `dsk`/`par` (capture and restore). */
export class AgentImageOrder extends AgentPartitionOrder {
  /** Partition type code (OpenGnsys `cpt`, hex): the source's on capture, the one to set after a restore. */
  @ApiPropertyOptional({ example: '83' })
  @IsOptional()
  @IsString()
  @Matches(PARTITION_CODE, { message: 'cpt must be a hexadecimal partition type code' })
  cpt?: string;

  /** Image id in og-core (OpenGnsys `idi`), informational. */
  @ApiPropertyOptional({ example: '01936caf-facb-72ad-9446-97e7dbf2b96a' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @MaxLength(64)
  idi?: string;

  /** Canonical image name (OpenGnsys `nci`): the repository file is `<nci>.img`. */
  @ApiProperty({ example: 'image-test' })
  @IsString()
  @Matches(CANONICAL_IMAGE_NAME, { message: 'nci must be a canonical image name (letters, digits, - and _)' })
  nci: string;

  /** Repository address (OpenGnsys `ipr`): IP, `host:port` or URL; a bare host uses the agent's configured repository port. */
  @ApiProperty({ example: '192.168.68.55' })
  @IsString()
  @Matches(REPOSITORY_ADDRESS, { message: 'ipr must be an IP address, host, host:port or http(s) URL' })
  ipr: string;
}

/**
 * `POST /CloningEngine/RestaurarImagen`: restore image `nci` from repository `ipr` onto `dsk`/`par`.
 * Accepts OpenGnsys' body byte for byte, e.g.
 * `{"dsk":"1", "par":"2", "cpt":"83", "ifs": "1", "idi":"…", "nci":"image-test", "ipr":"192.168.68.55", "nfn":"RestaurarImagen", "method": "unicast", "ids":"0"}`.
 */
export class RestaurarImagenOrder extends AgentImageOrder {
  /** Software profile id (OpenGnsys `ifs`), informational. */
  @ApiPropertyOptional({ example: '1', type: String })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @MaxLength(64)
  ifs?: string;

  /** Restore method: `unicast` (= UNICAST-CACHE) or `unicast-direct`, any case. Normalised to {@link RestoreMethod}. */
  @ApiProperty({ example: 'unicast', enum: ['unicast', 'unicast-cache', 'unicast-direct'] })
  @Transform(({ value }) => normalizeRestoreMethod(value) ?? value)
  @IsIn(RESTORE_METHODS as unknown as string[], { message: 'method must be unicast, unicast-cache or unicast-direct' })
  method: RestoreMethod;
}

/** Compressors the agent can write. */
export const CAPTURE_COMPRESSORS = ['zstd', 'lzop', 'gzip'] as const;
export type CaptureCompressor = (typeof CAPTURE_COMPRESSORS)[number];

/** `POST /CloningEngine/CrearImagen`: capture `dsk`/`par` as image `nci` into repository `ipr`. */
export class CrearImagenOrder extends AgentImageOrder {
  /** Compressor (ogsuite extension; default `zstd`). */
  @ApiPropertyOptional({ enum: CAPTURE_COMPRESSORS, default: 'zstd' })
  @IsOptional()
  @IsIn(CAPTURE_COMPRESSORS as unknown as string[])
  cmp?: CaptureCompressor;
}

/** `POST /CloningEngine/InventarioHardware`: list the PC's hardware (lshw, dmidecode). Runs beside a disk job. */
export class InventarioHardwareOrder extends AgentOrderBase {}

/**
 * `POST /CloningEngine/InventarioSoftware`: list the software installed on the OS of `dsk`/`par` (dpkg and rpm
 * databases of a Linux, the uninstall keys of a Windows SOFTWARE hive), mounting it read-only. Runs beside a disk job
 * unless that job writes the same disk.
 */
export class InventarioSoftwareOrder extends AgentPartitionOrder {}

/** `POST /CloningEngine/IniciarSesion`: boot the OS installed on `dsk`/`par` (the agent's configured boot command). */
export class IniciarSesionOrder extends AgentPartitionOrder {}

/** `POST /CloningEngine/Apagar`: power the PC off (the agent's configured power-off command) once the answer is sent. */
export class ApagarOrder extends AgentOrderBase {}

/** `POST /CloningEngine/Reiniciar`: reboot the PC (the agent's configured reboot command) once the answer is sent. */
export class ReiniciarOrder extends AgentOrderBase {}

/** `POST /CloningEngine/Actualizar`: read the disks again and report them (OpenGnsys `getConfiguration`, ogClient refresh). */
export class ActualizarOrder extends AgentOrderBase {}

/** `POST /CloningEngine/EliminarImagenCache`: delete image `nci` and its auxiliary files from the CACHE partition. */
export class EliminarImagenCacheOrder extends AgentOrderBase {
  /** Canonical image name (OpenGnsys `nci`): the cached file is `<nci>.img`. */
  @ApiProperty({ example: 'image-test' })
  @IsString()
  @Matches(CANONICAL_IMAGE_NAME, { message: 'nci must be a canonical image name (letters, digits, - and _)' })
  nci: string;
}

/**
 * `POST /CloningEngine/ActualizarCache`: bring image `nci` from repository `ipr` into the CACHE only (OpenGnsys
 * `updateCache`): skipped when the cached copy's checksum matches, resumed after an interruption, verified after.
 * The CACHE rules apply (`ACTIONCACHEFULL`); there is no UNICAST-DIRECT fallback since nothing is restored.
 */
export class ActualizarCacheOrder extends AgentOrderBase {
  /** Image id in og-core (OpenGnsys `idi`), informational. */
  @ApiPropertyOptional({ example: '01936caf-facb-72ad-9446-97e7dbf2b96a' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @MaxLength(64)
  idi?: string;

  /** Canonical image name (OpenGnsys `nci`): the repository file is `<nci>.img`. */
  @ApiProperty({ example: 'image-test' })
  @IsString()
  @Matches(CANONICAL_IMAGE_NAME, { message: 'nci must be a canonical image name (letters, digits, - and _)' })
  nci: string;

  /** Repository address (OpenGnsys `ipr`): IP, `host:port` or URL; a bare host uses the agent's configured repository port. */
  @ApiProperty({ example: '192.168.68.55' })
  @IsString()
  @Matches(REPOSITORY_ADDRESS, { message: 'ipr must be an IP address, host, host:port or http(s) URL' })
  ipr: string;
}

/** Largest script `EjecutarScript` accepts, in characters (the JSON body limit is 100 kB). */
export const MAX_SCRIPT_LENGTH = 64 * 1024;

/** `POST /CloningEngine/EjecutarScript`: run `scp` with bash as root in ogLive. One job at a time, like disk jobs. */
export class EjecutarScriptOrder extends AgentOrderBase {
  /** Script text (OpenGnsys `scp`), run with `bash`; its exit code decides success. */
  @ApiProperty({ example: 'lsblk -o NAME,SIZE\n' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SCRIPT_LENGTH)
  scp: string;
}

/** Filesystems `Configurar` can format (OpenGnsys `sfi`); `CACHE` makes the cache partition. */
export const CONFIGURAR_FILESYSTEMS = [
  'EMPTY',
  'EXT4',
  'EXT3',
  'EXT2',
  'XFS',
  'BTRFS',
  'EXFAT',
  'NTFS',
  'FAT32',
  'LINUX-SWAP',
  'CACHE',
] as const;

/** Partition table types `Configurar` writes (OpenGnsys `ttp`). */
export const PARTITION_TABLE_TYPES = ['MSDOS', 'GPT'] as const;

/** One partition of a `Configurar` order (OpenGnsys `cfg` entry). */
export class ConfigurarPartition {
  /** Partition number, 1-based (OpenGnsys `par`). */
  @ApiProperty({ example: '1', type: String })
  @WireInt(1, 128)
  par: number;

  /**
   * Partition type: hex code (MSDOS `83`, `7`, `b`, `82`, `ca`, `5`/`f` extended; GPT `8300`, `0700`, `ef00`, `8200`)
   * or OpenGnsys mnemonic (`LINUX`, `NTFS`, `FAT32`, `LINUX-SWAP`, `EFI`, `CACHE`, `EXTENDED`, `EMPTY`). On GPT the
   * CACHE is `8300` named `CACHE`. On MSDOS, one of par 1–4 may be the extended partition; par 5 and above are the
   * logical partitions inside it, numbered without gaps.
   */
  @ApiProperty({ example: 'LINUX' })
  @IsString()
  @Matches(/^((0x)?[0-9a-fA-F]{1,4}|[A-Za-z][A-Za-z0-9-]{1,20})$/, {
    message: 'cpt must be a hex code or type mnemonic',
  })
  cpt: string;

  /** Filesystem to format (OpenGnsys `sfi`), upper case; not applied to an extended partition. */
  @ApiProperty({ example: 'EXT4', enum: CONFIGURAR_FILESYSTEMS })
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(CONFIGURAR_FILESYSTEMS as unknown as string[])
  sfi: string;

  /** Size in KiB (OpenGnsys `tam`). */
  @ApiProperty({ example: '1048576', type: String })
  @WireInt(1)
  tam: number;

  /** Operation (OpenGnsys `ope`): 0 none, 1 format. */
  @ApiPropertyOptional({ example: '1', type: String })
  @IsOptional()
  @WireInt(0, 3)
  ope?: number;
}

/** `POST /CloningEngine/Configurar`: write a partition table on `dsk` and format its partitions. */
export class ConfigurarOrder extends AgentOrderBase {
  /** Partition table type (OpenGnsys `ttp`): `MSDOS` (default) or `GPT`. */
  @ApiPropertyOptional({ example: 'MSDOS', enum: PARTITION_TABLE_TYPES, default: 'MSDOS' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(PARTITION_TABLE_TYPES as unknown as string[], { message: 'ttp must be MSDOS or GPT' })
  ttp?: (typeof PARTITION_TABLE_TYPES)[number];

  /** Disk number, 1-based (OpenGnsys `dsk`). */
  @ApiProperty({ example: '1', type: String })
  @WireInt(1, 64)
  dsk: number;

  /**
   * Keep the existing CACHE (OpenGnsys `che`): `1` = when the disk has a CACHE partition (ext4 labelled `CACHE`) of
   * exactly the requested size (the `cfg` entry with `sfi` CACHE, else `tch`), it stays at its sectors, is neither
   * wiped nor formatted (its cached images survive), and the other partitions are laid around it; a layout that
   * would overlap it is refused (400 naming `tam`). `0` (default) = the CACHE is made anew like any partition.
   */
  @ApiPropertyOptional({ example: '1', enum: ['0', '1'], default: '0' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsIn(['0', '1'], { message: 'che must be 0 or 1' })
  che?: '0' | '1';

  /**
   * Cache size in KiB (OpenGnsys `tch`). With `che=1` and no CACHE entry in `cfg`, the size the existing CACHE must
   * have to be kept (it keeps its partition number); otherwise informational.
   */
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @WireInt(0)
  tch?: number;

  /** Partitions to create, in any order (OpenGnsys `cfg`). */
  @ApiProperty({ type: [ConfigurarPartition] })
  @ArrayMinSize(1)
  @ArrayMaxSize(128)
  @ValidateNested({ each: true })
  @Type(() => ConfigurarPartition)
  cfg: ConfigurarPartition[];
}
