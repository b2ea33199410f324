import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@og/testing';

/**
 * sha256 of every file under a filesystem mounted read-only, sorted by path (the content a restore must reproduce).
 * @param exclude paths relative to the root (`./etc/hostname`) left out, for files a restore is meant to change.
 */
export async function treeHashes(device: string, exclude: string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'og-int-mnt-'));
  await run('mount', ['-o', 'ro', device, dir]);
  try {
    const skip = exclude.map((p) => `! -path '${p}'`).join(' ');
    return await run('sh', [
      '-c',
      `cd '${dir}' && find . -type f ! -path './lost+found/*' ${skip} -print0 | sort -z | xargs -0 -r sha256sum`,
    ]);
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}
