import type { AgentJobStage } from '@og/contracts';

/**
 * A step of a job failed. `stage` names the job stage (download, checksum, decompress, write…),
 * `stderrTail` carries the last lines the failing tool printed, when a tool failed.
 */
export class ImagingError extends Error {
  constructor(
    public readonly stage: AgentJobStage,
    message: string,
    public readonly stderrTail: string | null = null,
  ) {
    super(message);
  }
}

/** The job was cancelled (AbortSignal) while a tool or transfer was running. */
export class ImagingCancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
  }
}
