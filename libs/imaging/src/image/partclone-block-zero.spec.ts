import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readImageHead } from './image-header';
import { partcloneBlockZero, PartcloneBlockZeroError, readPartcloneBlockZero } from './partclone-block-zero';
import { parsePartcloneHeader } from './partclone-header';
import { xfsSectorSize } from './xfs-superblock';

/** A 300 MiB XFS file made with `mkfs.xfs -s size=<sectorSize>`, captured by the real partclone.xfs through zstd. */
function xfsImage(dir: string, sectorSize: number): string {
  const fs = join(dir, `xfs-${sectorSize}.fs`);
  const image = join(dir, `xfs-${sectorSize}.pc.zst`);
  execFileSync('truncate', ['-s', '300M', fs]);
  execFileSync('mkfs.xfs', ['-q', '-f', '-s', `size=${sectorSize}`, fs]);
  execFileSync('sh', ['-c', `partclone.xfs -c -s '${fs}' -o - -L /dev/null 2>/dev/null | zstd -q -1 -o '${image}'`]);
  return image;
}

describe('block 0 of a partclone image and the XFS superblock in it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'og-block-zero-'));
  const images: Record<number, string> = {};

  beforeAll(() => {
    images[512] = xfsImage(dir, 512);
    images[4096] = xfsImage(dir, 4096);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([512, 4096])(
    'reads sb_sectsize %i from a real partclone.xfs image, stopping zstd after block 0',
    async (sectorSize) => {
      const image = await readImageHead(readFileSync(images[sectorSize]).subarray(0, 64 * 1024));
      expect(image).toMatchObject({ compressor: 'ZSTD', partclone: { filesystem: 'XFS', blockSize: 4096 } });
      const block = await readPartcloneBlockZero(createReadStream(images[sectorSize]), image);
      expect(block).toHaveLength(4096);
      expect(block!.equals(readFileSync(join(dir, `xfs-${sectorSize}.fs`)).subarray(0, 4096))).toBe(true);
      expect(xfsSectorSize(block!)).toBe(sectorSize);
    },
  );

  it('throws PartcloneBlockZeroError when the stream ends before block 0', async () => {
    const file = readFileSync(images[512]);
    const image = await readImageHead(file.subarray(0, 64 * 1024));
    const plain = execFileSync('zstd', ['-d', '-c', '-q', images[512]], { maxBuffer: 128 * 1024 * 1024 });
    await expect(readPartcloneBlockZero(Readable.from([plain.subarray(0, 9000)]), image)).rejects.toThrow(
      PartcloneBlockZeroError,
    );
    const plainImage = { ...image, compressor: 'NONE' as const };
    expect(xfsSectorSize((await readPartcloneBlockZero(Readable.from([plain]), plainImage))!)).toBe(512);
  });

  it('finds block 0 after a v1 head (4160 bytes), its byte-per-block bitmap and BiTmAgIc; null when not stored', () => {
    const head = Buffer.alloc(4160);
    head.write('partclone-image', 0, 'latin1');
    head.write('XFS', 15, 'latin1');
    head.write('0001', 30, 'latin1');
    head.writeInt32LE(4096, 36);
    head.writeBigUInt64LE(10n * 4096n, 40);
    head.writeBigUInt64LE(10n, 48);
    head.writeBigUInt64LE(1n, 56);
    const block = Buffer.alloc(4096, 7);
    block.write('XFSB', 0, 'latin1');
    block.writeUInt16BE(512, 102);
    const bitmap = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const image = Buffer.concat([head, bitmap, Buffer.from('BiTmAgIc', 'latin1'), block, Buffer.alloc(4)]);
    const h = parsePartcloneHeader(image);
    expect(xfsSectorSize(partcloneBlockZero(image, h)!)).toBe(512);
    bitmap[0] = 0;
    expect(partcloneBlockZero(Buffer.concat([head, bitmap, Buffer.from('BiTmAgIc', 'latin1')]), h)).toBeNull();
  });

  it('says null for a block that is not an XFS superblock', () => {
    expect(xfsSectorSize(Buffer.alloc(4096))).toBeNull();
  });
});
