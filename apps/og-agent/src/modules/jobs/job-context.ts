import type { AgentJobStage } from '@og/contracts';

/** What a running job's work function gets: its id, a cancel signal and a way to report stage and progress. */
export interface JobContext {
  jobId: string;
  /** Aborted on cancel and on shutdown; pass it to every tool and transfer. */
  signal: AbortSignal;
  /** Enters a stage (progress restarts at 0). */
  stage(stage: AgentJobStage): void;
  /**
   * Reports progress of the current stage.
   * @param percent 0–100.
   * @param rateBytesPerSecond bytes per second, 0 when unknown.
   */
  progress(percent: number, rateBytesPerSecond: number): void;
}
