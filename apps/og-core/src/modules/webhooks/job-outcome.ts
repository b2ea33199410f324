import type { JobFinishedEvent, JobResult } from '@og/contracts';
import type { ClientStatus } from '@core/modules/clients/client.entity';
import type { TraceCommand } from '@core/modules/traces/trace.entity';

/**
 * The client's status once a job ended: `off` after a successful power-off; after a successful reboot or OS boot
 * the agent's own `agent.stopped` / `agent.started` tell (they may arrive before this result); `og-live` otherwise.
 */
export function statusAfter(
  command: TraceCommand | undefined,
  status: JobFinishedEvent['status'],
): ClientStatus | null {
  if (status !== 'success') return 'og-live';
  if (command === 'power-off') return 'off';
  if (command === 'reboot' || command === 'boot-os') return null;
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
