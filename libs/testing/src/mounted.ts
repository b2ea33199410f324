import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run';

/**
 * Mounts `device` (read-only when `readOnly`) at a fresh temporary directory, runs `fn` with that directory, and always
 * unmounts (lazily if busy) and removes the directory.
 * @throws Error from `mount` when the device cannot be mounted; whatever `fn` throws.
 */
export async function withMounted<T>(device: string, readOnly: boolean, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'og-mnt-'));
  await run('mount', readOnly ? ['-o', 'ro', device, dir] : [device, dir]);
  try {
    return await fn(dir);
  } finally {
    await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
    await rm(dir, { recursive: true, force: true });
  }
}
