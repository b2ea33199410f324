import type { JobFinishedEvent, JobResult } from '@og/contracts';
import type { ClientStatus } from '@core/modules/clients/client.entity';
import type { TraceCommand } from '@core/modules/traces/trace.entity';

/** Statuses of a PC running its installed OS (OpenGnsys LNX, WIN, OSX): set by a successful boot-os. */
export const OS_STATUSES: readonly ClientStatus[] = ['linux', 'windows', 'macos'];

/**
 * The status of a PC running the OS of `partition`: from the OS name the agent reported (`Windows 11 Pro`,
 * `macOS …`, any other name is a Linux), else from its filesystem (OpenGnsys names: `NTFS`, `HFS*`/`APFS`,
 * `EXT*`/`XFS`/`BTRFS`); null when neither tells.
 */
export function osStatusOf(
  partition: { os: string | null; filesystem: string | null } | undefined,
): ClientStatus | null {
  if (!partition) return null;
  const os = (partition.os ?? '').trim();
  if (/windows/i.test(os)) return 'windows';
  if (/mac ?os|os x|darwin/i.test(os)) return 'macos';
  if (os) return 'linux';
  const fs = (partition.filesystem ?? '').toUpperCase();
  if (fs === 'NTFS') return 'windows';
  if (/^(HFS|APFS)/.test(fs)) return 'macos';
  if (/^(EXT[234]|XFS|BTRFS)$/.test(fs)) return 'linux';
  return null;
}

/**
 * The client's status once a job ended, given its `current` one: `off` after a successful power-off; after a
 * successful OS boot the status of that OS (`bootedOs`, see {@link osStatusOf}), which the agent's `agent.stopped`
 * then keeps. After a successful reboot (or an OS boot whose OS is unknown) the agent's own `agent.stopped` /
 * `agent.started` tell: a status they already set is kept (null), only the `busy` of the job itself becomes `og-live`
 * until they come. `og-live` after anything else.
 */
export function statusAfter(
  command: TraceCommand | undefined,
  status: JobFinishedEvent['status'],
  current: ClientStatus,
  bootedOs: ClientStatus | null = null,
): ClientStatus | null {
  if (status !== 'success') return 'og-live';
  if (command === 'power-off') return 'off';
  if (command === 'boot-os' && bootedOs) return bootedOs;
  if (command === 'reboot' || command === 'boot-os') return current === 'busy' ? 'og-live' : null;
  return 'og-live';
}

/**
 * The client's status when its ogLive agent announces its stop: `off`, except for a PC that a boot-os just handed to
 * its installed OS (an {@link OS_STATUSES} status), which keeps it; no agent runs inside that OS to say more.
 */
export function statusWhenAgentStops(current: ClientStatus): ClientStatus {
  return OS_STATUSES.includes(current) ? current : 'off';
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
