import type { JobFinishedEvent, JobResult } from '@og/contracts';
import type { ClientStatus } from '@core/modules/clients/client.entity';
import type { TraceCommand } from '@core/modules/traces/trace.entity';

/**
 * The client's status once a job ended, given its `current` one: `off` after a successful power-off. After a successful
 * reboot or OS boot the agent's own `agent.stopped` / `agent.started` tell: a status they already set is kept (null),
 * only the `busy` of the job itself becomes `og-live` until they come. `og-live` after anything else.
 */
export function statusAfter(
  command: TraceCommand | undefined,
  status: JobFinishedEvent['status'],
  current: ClientStatus,
): ClientStatus | null {
  if (status !== 'success') return 'og-live';
  if (command === 'power-off') return 'off';
  if (command === 'reboot' || command === 'boot-os') return current === 'busy' ? 'og-live' : null;
  return 'og-live';
}

/** What the operator reads on a successful trace: which restore rule applied, and what the CACHE holds, if reported. */
export function successMessage(r: JobResult): string {
  const notes = [
    r.fallback ? `fell back to ${r.method} (${r.fallback})` : null,
    r.cacheAction ? `CACHE ${r.cacheAction === 'FORMAT' ? 'formatted' : 'emptied'} to make room` : null,
    r.cacheHit ? 'cached copy matched, download skipped' : null,
    r.resumedFromBytes ? `download resumed from byte ${r.resumedFromBytes}` : null,
    r.cacheImages ? `CACHE holds ${r.cacheImages.length ? r.cacheImages.join(', ') : 'no images'}` : null,
  ].filter(Boolean);
  return notes.length ? `finished successfully; ${notes.join('; ')}` : 'finished successfully';
}
