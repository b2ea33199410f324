import type { DiskLayout } from '../disk';
import type { AgentNfn } from './agent-nfn';

/** `202` answer to every order: `{"job_id": "RestaurarImagen-dfa42888"}`. Wire contract (OpenGnsys 2). */
export interface AgentJobAccepted {
  job_id: string;
}

/** Life of an agent job. */
export type AgentJobState = 'running' | 'success' | 'failed' | 'cancelled';

/** Stages a job reports; a failure names the stage it failed in. */
export type AgentJobStage =
  | 'queued'
  | 'check'
  | 'partition'
  | 'format'
  | 'capture'
  | 'upload'
  | 'download'
  | 'checksum'
  | 'decompress'
  | 'write'
  | 'finish'
  /** InventarioHardware reading lshw/dmidecode. */
  | 'inventory'
  /** EjecutarScript running the script. */
  | 'script'
  /** Apagar, Reiniciar, IniciarSesion running the configured power command. */
  | 'power';

/** `GET /CloningEngine/jobs/{job_id}` and the entries of `GET /CloningEngine/status`. */
export interface AgentJobView {
  job_id: string;
  nfn: AgentNfn;
  ids: string | null;
  state: AgentJobState;
  stage: AgentJobStage;
  /** 0–100. */
  progress: number;
  /** Bytes per second over the last interval, 0 when unknown. */
  rateBytesPerSecond: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** `GET /CloningEngine/status`: `OPG` idle in ogLive, `BSY` while a job runs (OpenGnsys status words). */
export interface AgentStatusView {
  status: 'OPG' | 'BSY';
  jobs: AgentJobView[];
}

/** `GET /CloningEngine/config`: the disks as the agent reads them now. */
export interface AgentConfigView {
  mac: string;
  ip: string;
  name: string;
  disks: DiskLayout[];
}
