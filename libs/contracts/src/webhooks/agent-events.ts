import type { AgentJobStage, AgentNfn } from '../agent';
import type { DiskLayout } from '../disk';
import type { ImageInfo } from '../image-info';

/** Who sent an agent event. og-core finds the client by `mac`. */
export interface AgentIdentity {
  /** Lower-case colon MAC, `08:00:27:4f:be:38`. */
  mac: string;
  ip: string;
  name: string;
}

interface AgentEventBase {
  /** UUID; og-core processes each id once. */
  id: string;
  /** ISO-8601 time the agent produced the event. */
  occurredAt: string;
  agent: AgentIdentity;
}

interface AgentJobEventBase extends AgentEventBase {
  jobId: string;
  nfn: AgentNfn;
  /** The order's `ids` (og-core sends its trace id there), or null. */
  ids: string | null;
}

/** The agent started (ogLive booted) and reports its disks. */
export interface AgentStartedEvent extends AgentEventBase {
  event: 'agent.started';
  disks: DiskLayout[];
}

/** The agent is stopping (power off, reboot). */
export interface AgentStoppedEvent extends AgentEventBase {
  event: 'agent.stopped';
}

/** A job was accepted and has started. */
export interface JobStartedEvent extends AgentJobEventBase {
  event: 'job.started';
}

/** Progress of a running job, at most once a second. */
export interface JobProgressEvent extends AgentJobEventBase {
  event: 'job.progress';
  stage: AgentJobStage;
  /** 0–100 for the current stage. */
  progress: number;
  /** Bytes per second, 0 when unknown. */
  rateBytesPerSecond: number;
}

/** One hardware component (OpenGnsys `/opengnsys/hardware` entries). */
export interface HardwareComponent {
  /**
   * OpenGnsys hardware type mnemonic (`listHardwareInfo`): `fir` firmware (BIOS/UEFI), `cha` chassis, `mod` system
   * model, `boa` motherboard, `bio` BIOS, `cpu`, `mem` memory, `sto` storage controller, `dis` disk, `cdr` optical
   * drive, `net` network card, `vga` display, `aud` sound, `usb` USB controller.
   */
  component: string;
  /** Human-readable description (`Intel Corp. Intel(R) Core(TM) i5-8500`, `16 GiB`, `… 08:00:27:4f:be:38`). */
  value: string;
}

/** One installed program, as InventarioSoftware reports it (OpenGnsys `listSoftwareInfo` lines). */
export interface SoftwarePackage {
  /** Package or program name (`openssh-server`, `Mozilla Firefox (x64 es-ES)`). */
  name: string;
  /** Version string as the package database has it (`1:9.2p1-2+deb12u3`), empty when unknown. */
  version: string;
  /** Where it was read: `dpkg` (`var/lib/dpkg/status`), `rpm` (rpm database), `windows` (SOFTWARE hive uninstall keys). */
  source: 'dpkg' | 'rpm' | 'windows';
}

/** Data a finished job reports. */
export interface JobResult {
  /** Disks after the job (after Configurar, RestaurarImagen). */
  disks?: DiskLayout[];
  /** Image info of what was captured or restored. */
  imageInfo?: ImageInfo;
  /** Bytes written to the repository (capture) or read from it (restore). */
  transferredBytes?: number;
  /**
   * Hex MD5 of the image file written (capture), from agents that declare their uploads by MD5. Captures now report
   * {@link JobResult.sha256} instead; the image's MD5 is the repository's `.full.sum` (`image.aux-ready`).
   */
  md5?: string;
  /** Hex SHA-256 of the image file written (capture), as sent to and verified by the repository. */
  sha256?: string;
  /** True when a restore used the cached copy without downloading. */
  cacheHit?: boolean;
  /** Restore method actually used (`UNICAST-CACHE`, or `UNICAST-DIRECT` also after a fallback). */
  method?: string;
  /**
   * Why a UNICAST-CACHE restore streamed UNICAST-DIRECT instead (OpenGnsys `RESTOREPROTOCOLNOTCACHE=UNICAST`):
   * `NO_CACHE` (the PC has no CACHE partition), `CACHE_TOO_SMALL` (the image is as large as the whole CACHE) or
   * `CACHE_FULL` (not enough free space, after the `ACTIONCACHEFULL` action if any). Absent when no fallback happened.
   */
  fallback?: string;
  /** `ACTIONCACHEFULL` action taken because the CACHE had no room: `DELETE` (other cached images deleted) or `FORMAT`. */
  cacheAction?: string;
  /** Bytes of an earlier interrupted CACHE download that were kept and resumed from (HTTP Range); absent when none. */
  resumedFromBytes?: number;
  /**
   * Partition type code a restore set on the target (`83`, `7`, `b` on MSDOS; `8300`, `0700` on GPT): the order's
   * `cpt`, or, without one, the code suiting the image's filesystem when the partition's code did not (an ext4 image
   * restored onto a partition typed NTFS). Absent when the code was left as it was.
   */
  partitionCode?: string;
  /** InventarioHardware: the components found, in lshw order (firmware, chassis and model first). */
  hardware?: HardwareComponent[];
  /** InventarioSoftware (and CrearImagen): the OS found on the partition (`Debian GNU/Linux 12 (bookworm)`), null if none. */
  operatingSystem?: string | null;
  /** InventarioSoftware (and CrearImagen): installed software, sorted by name. */
  software?: SoftwarePackage[];
  /** Configurar with `che=1`: true when the existing CACHE was kept in place with its images (absent otherwise). */
  cacheKept?: boolean;
  /** ActualizarCache / EliminarImagenCache: the image files now in the CACHE (`image-test.img`), sorted. */
  cacheImages?: string[];
  /** EjecutarScript: the script's exit code (also on failure; absent when it was killed by a timeout or cancel). */
  exitCode?: number;
  /** EjecutarScript: the script's standard output, its last 64 KiB when longer (see stdoutTruncated). */
  stdout?: string;
  /** EjecutarScript: the script's standard error, its last 64 KiB when longer (see stderrTruncated). */
  stderr?: string;
  /** EjecutarScript: true when stdout was longer than 64 KiB and only its end is reported. */
  stdoutTruncated?: boolean;
  /** EjecutarScript: true when stderr was longer than 64 KiB and only its end is reported. */
  stderrTruncated?: boolean;
  /**
   * Host name written into a restored OS: Linux `/etc/hostname` and `/etc/hosts` 127.0.1.1; Windows SYSTEM hive
   * `ComputerName` (first label, ≤ 15 characters, upper case) and Tcpip `Hostname`/`NV Hostname`. Absent when not set.
   */
  hostname?: string;
}

/** Final outcome of a job; never lost: the agent retries until og-core acknowledges it. */
export interface JobFinishedEvent extends AgentJobEventBase {
  event: 'job.finished';
  status: 'success' | 'failed';
  /** Stage the job failed in, when failed. */
  stage: AgentJobStage | null;
  /** Human-readable failure, when failed. */
  error: string | null;
  /** Last lines of the failing tool's stderr. */
  stderrTail: string | null;
  result: JobResult;
}

/** Events an agent posts to og-core's `POST /webhooks/agent`. Discriminated on `event`. Wire contract. */
export type AgentEvent = AgentStartedEvent | AgentStoppedEvent | JobStartedEvent | JobProgressEvent | JobFinishedEvent;
/** Values of {@link AgentEvent}`.event`. Wire contract. */
export const AGENT_EVENT_TYPES = [
  'agent.started',
  'agent.stopped',
  'job.started',
  'job.progress',
  'job.finished',
] as const;
