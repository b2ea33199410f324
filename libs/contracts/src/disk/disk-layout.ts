/** Partition table type as OpenGnsys reports it (`getConfiguration`: 1 MSDOS, 2 GPT). */
export type PartitionTableType = 'MSDOS' | 'GPT' | 'NONE';

/**
 * One partition as the agent reads it. Wire contract between og-agent and og-core.
 * Sizes are bytes (OpenGnsys' own `tam` is KiB; convert at the OpenGnsys-facing edge only).
 */
export interface PartitionLayout {
  /** Disk number, 1-based, first fixed disk = 1 (OpenGnsys `dsk`). */
  disk: number;
  /** Partition number, 1-based (OpenGnsys `par`); on MSDOS, 5 and above are logical partitions inside the extended one. */
  partition: number;
  /** Block device path, e.g. `/dev/loop3p2`, `/dev/nvme0n1p1`. */
  device: string;
  /**
   * Partition type code as OpenGnsys' `cpt`: lower-case hex without `0x` (`83`, `7`, `ca`, `5`/`f` for the extended
   * container; GPT `8300`…).
   */
  code: string;
  /**
   * Filesystem as OpenGnsys names it (`EXT4`, `XFS`, `BTRFS`, `NTFS`, `EXFAT`, `FAT32`, `LINUX-SWAP`, `CACHE`;
   * `EMPTY` for none, and for an extended container).
   */
  filesystem: string;
  /** Installed OS name (`Ubuntu 24.04 LTS`) or empty string. */
  os: string;
  /** First sector, in units of the disk's logical sector size. */
  startSector: number;
  /** Partition size in bytes. */
  sizeBytes: number;
  /** Bytes in use in the filesystem, or null when it could not be measured. */
  usedBytes: number | null;
}

/** One disk and its partitions. */
export interface DiskLayout {
  /** Disk number, 1-based. */
  disk: number;
  /** Block device path, e.g. `/dev/loop3`. */
  device: string;
  tableType: PartitionTableType;
  /** Disk size in bytes. */
  sizeBytes: number;
  /** Logical sector size in bytes (512 or 4096). */
  sectorSize: number;
  partitions: PartitionLayout[];
}
