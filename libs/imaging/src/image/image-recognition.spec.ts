import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readImageHead } from './image-header';
import { rawFilesystem, recogniseImage, UnrecognisedImageError } from './image-recognition';
import { NotPartcloneImageError } from './partclone-header';
import { hasPartimageTail, parsePartimageHeader } from './partimage-header';

/**
 * The first 64 KiB of a real `partimage -z0 -c -o -d -B gui=no -M --volume=0 save /dev/loopN out` (partimage 0.6.9,
 * Debian 12) of a 64 MiB ext3 filesystem with 1 KiB blocks, 13 720 of them used; gzip -9.
 */
const PARTIMAGE_HEAD_GZ = readFileSync(join(__dirname, 'fixtures', 'partimage-0.6.9-ext3.head.gz'));
/** The last 16 400 bytes of that image (its tail), gzip -9. */
const PARTIMAGE_TAIL_GZ = readFileSync(join(__dirname, 'fixtures', 'partimage-0.6.9-ext3.tail.gz'));

/** A partclone 0.2 (format 0001) head, as OpenGnsys 1.x and old Clonezilla wrote it (partclone's IMAGE_FORMATS.md). */
function partcloneV1Head(): Buffer {
  const h = Buffer.alloc(4096);
  h.write('partclone-image', 0, 'latin1');
  h.write('EXTFS', 15, 'latin1');
  h.write('0001', 30, 'latin1');
  h.writeInt32LE(4096, 36);
  h.writeBigUInt64LE(1073741824n, 40);
  h.writeBigUInt64LE(262144n, 48);
  h.writeBigUInt64LE(1000n, 56);
  return h;
}

describe('recogniseImage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'og-recognise-'));
  const ext4 = join(dir, 'ext4.fs');
  const partclone = join(dir, 'ext4.pc');
  beforeAll(() => {
    execFileSync('truncate', ['-s', '32M', ext4]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-b', '4096', ext4]);
    execFileSync('partclone.extfs', ['-c', '-s', ext4, '-o', partclone], { stdio: 'ignore' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['ZSTD', ['zstd', '-q', '-c']],
    ['LZOP', ['lzop', '-c']],
    ['GZIP', ['gzip', '-c']],
    ['BZIP2', ['bzip2', '-c']],
    ['XZ', ['xz', '-c', '-T1']],
  ])(
    'reads filesystem and data size from a partclone image compressed with %s by the real tools',
    async (comp, argv) => {
      const compressed = execFileSync(argv[0], [...argv.slice(1), partclone], { maxBuffer: 1 << 30 });
      const r = await recogniseImage(compressed.subarray(0, 1 << 20));
      const h = r.partclone!;
      expect(r.info).toEqual({
        tool: 'PARTCLONE',
        compressor: comp,
        filesystem: 'EXTFS',
        dataSizeKb: h.usedBytes / 1024,
      });
      expect(h.imageVersion).toBe('0002');
      expect(h.deviceSizeBytes).toBe(32 * 1024 * 1024);
      expect(h.usedBlocks).toBeGreaterThan(0);
      expect(r.partimage).toBeNull();
    },
  );

  it('reads a partclone v1 head (partclone 0.2: OpenGnsys 1.x, old Clonezilla), also through readImageHead', async () => {
    const r = await recogniseImage(partcloneV1Head());
    expect(r.info).toEqual({ tool: 'PARTCLONE', compressor: 'NONE', filesystem: 'EXTFS', dataSizeKb: 4000 });
    expect(r.deviceSizeBytes).toBe(1073741824);
    const head = await readImageHead(partcloneV1Head());
    expect(head.partclone).toMatchObject({ imageVersion: '0001', totalBlocks: 262144, blockSize: 4096 });
  });

  it('reads an ntfsclone image made by the real ntfsclone', async () => {
    const ntfs = join(dir, 'ntfs.fs');
    const out = join(dir, 'ntfs.ntfsclone');
    execFileSync('truncate', ['-s', '16M', ntfs]);
    execFileSync('mkntfs', ['-q', '-F', '-f', ntfs], { stdio: 'ignore' });
    execFileSync('ntfsclone', ['--save-image', '-f', '-O', out, ntfs], { stdio: 'ignore' });
    const r = await recogniseImage(readFileSync(out).subarray(0, 65536));
    expect(r.info.tool).toBe('NTFSCLONE');
    expect(r.info.filesystem).toBe('NTFS');
    expect(r.deviceSizeBytes).toBeGreaterThan(15 * 1024 * 1024);
    expect(r.usedBytes).toBeGreaterThan(0);
    expect(r.usedBytes).toBeLessThan(r.deviceSizeBytes);
  });

  it('reads filesystem, partition size and used data from the headers of a real partimage image', async () => {
    const r = await recogniseImage(gunzipSync(PARTIMAGE_HEAD_GZ));
    expect(r.info).toEqual({ tool: 'PARTIMAGE', compressor: 'NONE', filesystem: 'EXTFS', dataSizeKb: 13720 });
    expect(r.deviceSizeBytes).toBe(64 * 1024 * 1024);
    expect(r.blockSize).toBe(1024);
    expect(r.toolVersion).toBe('0.6.1');
    expect(r.partimage).toMatchObject({ filesystem: 'ext3fs', compression: 'NONE', volumeNumber: 0 });
  });

  it('recognises a gzip-compressed partimage image by its magic first, then the volume header', async () => {
    const r = await recogniseImage(PARTIMAGE_HEAD_GZ);
    expect(r.info).toMatchObject({ tool: 'PARTIMAGE', compressor: 'GZIP', filesystem: 'EXTFS' });
  });

  it('finds the tail that ends a complete partimage image, and misses it on a cut one', () => {
    const tail = gunzipSync(PARTIMAGE_TAIL_GZ);
    expect(hasPartimageTail(Buffer.concat([Buffer.alloc(5000), tail]))).toBe(true);
    expect(hasPartimageTail(Buffer.concat([Buffer.alloc(5000), tail.subarray(0, tail.length - 512)]))).toBe(false);
    expect(hasPartimageTail(gunzipSync(PARTIMAGE_HEAD_GZ))).toBe(false);
  });

  it('refuses a later volume of a split partimage image, which has no main header', async () => {
    const head = gunzipSync(PARTIMAGE_HEAD_GZ);
    head.writeUInt32LE(1, 96);
    expect(() => parsePartimageHeader(head)).toThrow(/volume 1 of a split partimage image/);
    await expect(recogniseImage(head)).rejects.toBeInstanceOf(UnrecognisedImageError);
  });

  it('takes a bare ext4 filesystem as a raw DD image of the size its superblock gives', async () => {
    const r = await recogniseImage(readFileSync(ext4).subarray(0, 65536));
    expect(r.info).toEqual({ tool: 'DD', compressor: 'NONE', filesystem: 'EXTFS', dataSizeKb: 32 * 1024 });
  });

  it('sizes a raw disk from its MBR partition table', () => {
    const h = Buffer.alloc(4096);
    h.writeUInt16LE(0xaa55, 510);
    h.writeUInt32LE(2048, 446 + 8);
    h.writeUInt32LE(20480, 446 + 12);
    expect(rawFilesystem(h)).toEqual({ filesystem: '', sizeBytes: (2048 + 20480) * 512 });
  });

  it('rejects bytes that are no image with the reason', async () => {
    await expect(recogniseImage(Buffer.alloc(4096, 7))).rejects.toThrow(/not a recognised image/);
  });

  it('makes readImageHead refuse an image of another tool', async () => {
    await expect(readImageHead(gunzipSync(PARTIMAGE_HEAD_GZ))).rejects.toThrow(NotPartcloneImageError);
    await expect(readImageHead(gunzipSync(PARTIMAGE_HEAD_GZ))).rejects.toThrow(/PARTIMAGE image/);
  });
});
