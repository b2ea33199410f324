import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ComputeAuxiliaryFilesJob, isCanonicalImageName, JOBS, QUEUES } from '@og/contracts';
import { AuxiliaryFilesService, AuxiliaryOutcome } from '@repository/modules/auxiliary-files/auxiliary-files.service';

/** `job.progress` while computing: percent of the file read and the read rate. */
export interface AuxiliaryProgress {
  percent: number;
  bytesDone: number;
  totalBytes: number;
  bytesPerSecond: number;
}

/** Worker of `compute-auxiliary-files`: one image at a time (the pass is disk- and CPU-bound). */
@Processor(QUEUES.auxiliaryFiles, { concurrency: 1 })
export class AuxiliaryFilesProcessor extends WorkerHost {
  private readonly logger = new Logger(AuxiliaryFilesProcessor.name);

  constructor(private readonly service: AuxiliaryFilesService) {
    super();
  }

  /** Runs the computation, reporting progress on the job. */
  async process(job: Job<ComputeAuxiliaryFilesJob>): Promise<AuxiliaryOutcome> {
    if (job.name !== JOBS.computeAuxiliaryFiles) throw new Error(`unknown job ${job.name} on ${QUEUES.auxiliaryFiles}`);
    if (!isCanonicalImageName(job.data.name)) throw new Error(`bad image name in job ${job.id}`);
    this.logger.log({ image: job.data.name, jobId: job.id }, 'computing auxiliary files');
    return this.service.compute(job.data.name, (p) =>
      job.updateProgress({
        ...p,
        percent: p.totalBytes ? Math.floor((100 * p.bytesDone) / p.totalBytes) : 100,
      } satisfies AuxiliaryProgress),
    );
  }
}
