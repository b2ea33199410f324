import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { ClientsService } from '@core/modules/clients/clients.service';
import { AgentClient } from '@core/modules/dispatch/agent.client';
import { TracesService } from '@core/modules/traces/traces.service';

/**
 * No trace stays "in progress" forever: a trace with no news for `OG_TRACE_SILENCE_SECONDS` is checked
 * with its agent (`GET /CloningEngine/jobs/{job_id}`); if the agent no longer knows the job (rebooted,
 * replaced) or cannot be reached for three periods, the trace fails with the reason.
 */
@Injectable()
export class TraceWatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TraceWatchService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(CORE_ENV) private readonly env: CoreEnv,
    private readonly traces: TracesService,
    private readonly clients: ClientsService,
    private readonly agents: AgentClient,
  ) {}

  onApplicationBootstrap(): void {
    const periodMs = Math.max(5, Math.floor(this.env.OG_TRACE_SILENCE_SECONDS / 3)) * 1000;
    this.timer = setInterval(
      () => void this.sweep().catch((err) => this.logger.error(`trace sweep failed: ${err}`)),
      periodMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Checks every silent open trace once. */
  async sweep(): Promise<void> {
    const before = new Date(Date.now() - this.env.OG_TRACE_SILENCE_SECONDS * 1000);
    for (const trace of await this.traces.findSilent(['sent', 'in-progress'], before)) {
      if (!trace.agentJobId) continue;
      const client = await this.clients.get(trace.clientId);
      const state = await this.agents.jobState(client.ip, trace.agentJobId);
      const silentFor = Math.round((Date.now() - trace.updatedAt.getTime()) / 1000);
      if (state === 'unknown-job')
        await this.traces.markFailed(
          trace.id,
          `agent ${client.ip} no longer knows job ${trace.agentJobId} (restarted?) after ${silentFor} s without news`,
          { stage: trace.stage },
        );
      else if (state === 'unreachable' && silentFor > 3 * this.env.OG_TRACE_SILENCE_SECONDS)
        await this.traces.markFailed(trace.id, `agent ${client.ip} unreachable and silent for ${silentFor} s`, {
          stage: trace.stage,
        });
    }
  }
}
