import { mkdir, mkdtemp, readFile, realpath, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../process/run-tool';
import { waitForNtfs3gExit } from '../windows/ntfs-mount';

function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Mount points of `device` from `/proc/self/mounts` (empty when it is not mounted). */
export async function mountpointsOf(device: string): Promise<string[]> {
  const real = await realpath(device).catch(() => device);
  const text = await readFile('/proc/self/mounts', 'utf8');
  const points: string[] = [];
  for (const line of text.split('\n')) {
    const [source, target] = line.split(' ');
    if (!source || !target) continue;
    if (source === device || source === real) points.push(unescapeMountField(target));
  }
  return points;
}

/** True when `device` is mounted anywhere. */
export async function isMounted(device: string): Promise<boolean> {
  return (await mountpointsOf(device)).length > 0;
}

/** `mount [-o options] device dir`, creating `dir` if needed. */
export async function mountDevice(device: string, dir: string, options?: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await runTool('mount', [...(options ? ['-o', options] : []), device, dir], { timeoutMs: 60_000 });
}

/** `umount dir`; falls back to a lazy unmount when busy. Never throws. */
export async function unmount(dir: string): Promise<void> {
  await runTool('umount', [dir], { timeoutMs: 60_000 }).catch(() =>
    runTool('umount', ['-l', dir]).catch(() => undefined),
  );
}

/**
 * Options that mount a filesystem without writing to it: ext3/4 without journal replay (`noload`), XFS without log
 * recovery and UUID check (`norecovery,nouuid`: a restored copy shares its source's UUID), others `ro`.
 */
function readOnlyOptions(fsType: string | null): string {
  if (fsType && /^ext[34]$/.test(fsType)) return 'ro,noload';
  if (fsType === 'xfs') return 'ro,norecovery,nouuid';
  return 'ro';
}

const deviceLocks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call for the same device has settled, so two probes never unmount each other. */
async function serialisedFor<T>(device: string, fn: () => Promise<T>): Promise<T> {
  const key = await realpath(device).catch(() => device);
  const previous = deviceLocks.get(key) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(fn);
  deviceLocks.set(key, current);
  try {
    return await current;
  } finally {
    if (deviceLocks.get(key) === current) deviceLocks.delete(key);
  }
}

async function mountReadOnlyAndRun<T>(device: string, fsType: string | null, fn: (dir: string) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), 'og-probe-'));
  try {
    await mountDevice(device, dir, readOnlyOptions(fsType));
    try {
      return await fn(dir);
    } finally {
      await unmount(dir);
      // ntfs-3g (FUSE) still holds the device for a moment after umount returns; the next mount would fail.
      if (fsType === 'ntfs') await waitForNtfs3gExit(device);
    }
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}

/**
 * Mounts `device` read-only on a fresh temporary directory, runs `fn` with it, then unmounts and removes it.
 * Used for best-effort probes (OS name, used space) of partitions nobody has mounted. Probes of one device run one
 * after the other. `fn` must not probe the same device again (it would wait for itself).
 */
export async function withReadOnlyMount<T>(
  device: string,
  fsType: string | null,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  return serialisedFor(device, () => mountReadOnlyAndRun(device, fsType, fn));
}

/**
 * Runs `fn` with the root of `device`'s filesystem: where it is already mounted (by the operator or the system),
 * otherwise a read-only temporary mount as {@link withReadOnlyMount}. The check and the mount happen under the
 * device's probe lock, so another probe's temporary mount is never borrowed and then unmounted underneath `fn`.
 */
export async function withFilesystemRoot<T>(
  device: string,
  fsType: string | null,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  return serialisedFor(device, async () => {
    const mounted = await mountpointsOf(device);
    return mounted.length ? fn(mounted[0]) : mountReadOnlyAndRun(device, fsType, fn);
  });
}
