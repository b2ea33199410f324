import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { run, withMounted } from '@og/testing';

/** Directories of the machine's own system copied as the model PC's "installed software": real files of many sizes and kinds. */
const SOURCE_TREES = [
  '/usr/share/doc',
  '/usr/include',
  '/usr/lib/python3.11',
  '/usr/share/locale',
  '/usr/share/man',
  '/usr/lib/gcc',
];

/** Copies real system files into the filesystem on `device` until about `targetBytes` are there; returns bytes copied. */
export async function fillWithRealFiles(device: string, targetBytes: number): Promise<number> {
  return withMounted(device, false, async (dir) => {
    let copied = 0;
    for (const source of SOURCE_TREES) {
      if (copied >= targetBytes) break;
      const exists = await lstat(source).then(
        () => true,
        () => false,
      );
      if (!exists) continue;
      const dest = join(dir, 'data', source.replace(/^\//, '').replace(/\//g, '_'));
      await run('mkdir', ['-p', dest]);
      await run('cp', ['-a', `${source}/.`, dest], { timeoutMs: 600_000 });
      copied = Number((await run('du', ['-sb', join(dir, 'data')])).split('\t')[0]);
    }
    await run('sync', []);
    return copied;
  });
}

/** One entry of a tree manifest: type, mode, size and SHA-256 (files) or target (symlinks). */
export interface TreeEntry {
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  size: number;
  digest: string;
}

/** Walks `root` and hashes every regular file (8 at a time): the manifest two partitions are compared by. */
export async function treeManifest(root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (dir === root && name === 'lost+found') continue;
      const full = join(dir, name);
      const st = await lstat(full);
      const path = relative(root, full);
      if (st.isDirectory()) {
        out.push({ path, kind: 'dir', mode: st.mode, size: 0, digest: '' });
        await walk(full);
      } else if (st.isSymbolicLink())
        out.push({ path, kind: 'symlink', mode: st.mode, size: 0, digest: await readlink(full) });
      else if (st.isFile()) out.push({ path, kind: 'file', mode: st.mode, size: st.size, digest: '' });
      else out.push({ path, kind: 'other', mode: st.mode, size: 0, digest: '' });
    }
  };
  await walk(root);
  const files = out.filter((e) => e.kind === 'file');
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const entry = files[next++];
      entry.digest = await sha256(join(root, entry.path));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** Differences between two manifests (first 20), empty when identical. */
export function diffManifests(a: TreeEntry[], b: TreeEntry[]): string[] {
  const key = (e: TreeEntry) => `${e.kind}:${e.mode}:${e.size}:${e.digest}`;
  const mapB = new Map(b.map((e) => [e.path, key(e)]));
  const diffs: string[] = [];
  for (const e of a)
    if (mapB.get(e.path) !== key(e)) diffs.push(`${e.path}: ${key(e)} ≠ ${mapB.get(e.path) ?? 'missing'}`);
  const pathsA = new Set(a.map((e) => e.path));
  for (const e of b) if (!pathsA.has(e.path)) diffs.push(`${e.path}: only on the target`);
  return diffs.slice(0, 20);
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
