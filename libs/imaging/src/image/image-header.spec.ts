import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageInfoFromHead, readImageHead } from './image-header';
import { NotPartcloneImageError } from './partclone-header';

describe('readImageHead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'og-head-'));
  const fsFile = join(dir, 'fs.img');
  const raw = join(dir, 'raw.pc');
  beforeAll(() => {
    execFileSync('truncate', ['-s', '32M', fsFile]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-b', '4096', fsFile]);
    execFileSync('partclone.extfs', ['-c', '-s', fsFile, '-o', raw], { stdio: 'ignore' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['ZSTD', ['zstd', '-q', '-c']],
    ['LZOP', ['lzop', '-c']],
    ['GZIP', ['gzip', '-c']],
  ])('reads the partclone header of a %s-compressed image made by the real tools', async (compressor, argv) => {
    const compressed = execFileSync(argv[0], [...argv.slice(1), raw], { maxBuffer: 1 << 30 });
    const head = await readImageHead(compressed.subarray(0, 65536));
    expect(head.compressor).toBe(compressor);
    expect(head.partclone.filesystem).toBe('EXTFS');
    expect(head.partclone.deviceSizeBytes).toBe(32 * 1024 * 1024);
    expect(head.partclone.blockSize).toBe(4096);
    const info = imageInfoFromHead(head);
    expect(info.dataSizeKb).toBe((head.partclone.usedBlocks * 4096) / 1024);
    expect(info.dataSizeKb).toBeGreaterThan(0);
  });

  it('reads an uncompressed image', async () => {
    const head = await readImageHead(readFileSync(raw).subarray(0, 4096));
    expect(head.compressor).toBe('NONE');
    expect(head.partclone.totalBlocks).toBe(8192);
  });

  it('reads how many checksum bytes partclone wrote per block group: 4 by default, 0 with -a0', async () => {
    const noChecksums = join(dir, 'a0.pc');
    execFileSync('partclone.extfs', ['-a0', '-c', '-s', fsFile, '-o', noChecksums], { stdio: 'ignore' });
    expect((await readImageHead(readFileSync(raw).subarray(0, 4096))).partclone.blockChecksumBytes).toBe(4);
    expect((await readImageHead(readFileSync(noChecksums).subarray(0, 4096))).partclone.blockChecksumBytes).toBe(0);
  });

  it('refuses bytes that are not a partclone image', async () => {
    await expect(readImageHead(Buffer.alloc(4096, 7))).rejects.toBeInstanceOf(NotPartcloneImageError);
  });
});
