import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ComputeAuxiliaryFilesJob, JOBS, QUEUES } from '@og/contracts';

/** Producer of `compute-auxiliary-files` jobs. */
@Injectable()
export class AuxiliaryFilesQueue {
  constructor(@InjectQueue(QUEUES.auxiliaryFiles) private readonly queue: Queue<ComputeAuxiliaryFilesJob>) {}

  /** Queues the computation of `name`'s auxiliary files (3 attempts for I/O errors; bad images are not retried). */
  async enqueue(name: string): Promise<void> {
    await this.queue.add(
      JOBS.computeAuxiliaryFiles,
      { name },
      {
        attempts: 3,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 1000 },
      },
    );
  }

  /** Names that already have a waiting, delayed or running job. */
  async pendingNames(): Promise<Set<string>> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
    return new Set(jobs.filter((j) => j?.data?.name).map((j) => j.data.name));
  }

  /** Readiness probe: Redis answers. */
  async ping(): Promise<void> {
    await this.queue.getJobCounts();
  }
}
