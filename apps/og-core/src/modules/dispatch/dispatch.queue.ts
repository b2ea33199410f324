import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DispatchOrderJob, JOBS, QUEUES } from '@og/contracts';
import { CORE_ENV, CoreEnv } from '@core/config/env';

/** Producer of {@link JOBS.dispatchOrder}: one job per trace, job id = trace id (so it is never queued twice). */
@Injectable()
export class DispatchQueue {
  constructor(
    @InjectQueue(QUEUES.agentDispatch) private readonly queue: Queue<DispatchOrderJob>,
    @Inject(CORE_ENV) private readonly env: CoreEnv,
  ) {}

  async enqueue(traceIds: string[]): Promise<void> {
    await this.queue.addBulk(
      traceIds.map((traceId) => ({
        name: JOBS.dispatchOrder,
        data: { traceId },
        opts: {
          jobId: traceId,
          attempts: this.env.OG_DISPATCH_ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      })),
    );
  }

  /** Readiness: Redis answers. */
  async ping(): Promise<void> {
    await this.queue.getJobCounts();
  }
}
