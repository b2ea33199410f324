import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_VOLUME_FILE, nextVolumeSuffixes, volumeSetProblem } from '@repository/modules/store/image-volumes';

/** Suffixes GNU split really writes for `bytes` one-byte volumes with `args`. */
function splitSuffixes(bytes: number, args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'og-split-'));
  try {
    writeFileSync(join(dir, 'f'), Buffer.alloc(bytes, 1));
    execFileSync('split', ['-b', '1', ...args, join(dir, 'f'), join(dir, 'v.')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('v.'))
      .map((f) => f.slice(2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('volume sets', () => {
  it.each([
    ['letters, widened past yz', 700, []],
    ['digits, widened past 89', 120, ['-d']],
    ['FOG -a 3 -d', 30, ['-a', '3', '-d']],
  ])('accepts every volume GNU split writes (%s)', (_what, bytes, args) => {
    const suffixes = splitSuffixes(bytes as number, args as string[]);
    expect(suffixes).toHaveLength(bytes as number);
    expect(volumeSetProblem(suffixes)).toBeNull();
  });

  it('follows split past yz to zaaa and past 89 to 9000', () => {
    expect(nextVolumeSuffixes('ab')).toEqual(['ac']);
    expect(nextVolumeSuffixes('yz')).toEqual(['za', 'zaaa']);
    expect(nextVolumeSuffixes('89')).toEqual(['90', '9000']);
    expect(nextVolumeSuffixes('999')).toEqual([]);
  });

  it('names the missing volume of a set with a gap', () => {
    expect(volumeSetProblem(['aa', 'ab', 'ad'])).toMatch(/\.ac is missing/);
    expect(volumeSetProblem(['ab', 'ac'])).toMatch(/first volume/);
    expect(volumeSetProblem(['aa', '01'])).toMatch(/mixed/);
  });

  it('takes volume names but never the auxiliary files, backups or locks', () => {
    expect(IMAGE_VOLUME_FILE.exec('w10.img.aa')?.slice(1)).toEqual(['w10', 'aa']);
    expect(IMAGE_VOLUME_FILE.exec('w10.img.000')?.slice(1)).toEqual(['w10', '000']);
    expect(IMAGE_VOLUME_FILE.exec('w10.img.zaaa')?.[2]).toBe('zaaa');
    for (const f of ['w10.img', 'w10.img.sum', 'w10.img.ant', 'w10.img.lock', 'w10.img.info', '.w10.img.aa'])
      expect(IMAGE_VOLUME_FILE.test(f)).toBe(false);
  });
});
