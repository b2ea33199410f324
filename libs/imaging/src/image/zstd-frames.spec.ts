import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ZstdFrameWalker } from './zstd-frames';

function walk(bytes: Buffer, chunk = 65536): string | null {
  const w = new ZstdFrameWalker();
  for (let at = 0; at < bytes.length; at += chunk) w.update(bytes.subarray(at, at + chunk));
  return w.finish();
}

describe('ZstdFrameWalker', () => {
  // half random (raw blocks), half repetitive (compressed and RLE blocks)
  const input = Buffer.concat([randomBytes(3 << 20), Buffer.alloc(3 << 20, 7), Buffer.from('x'.repeat(1 << 20))]);
  const zstd = (args: string[], data = input) =>
    execFileSync('zstd', ['-q', '-c', ...args], { input: data, maxBuffer: 1 << 26 });

  it.each([
    ['zstd -1', ['-1']],
    ['zstd -T0 -3 (several threads)', ['-T0', '-3']],
    ['zstd --no-check', ['--no-check']],
    ['zstd --long -19', ['--long', '-19']],
  ])('accepts a complete stream written by %s, fed in any chunk size', (_what, args) => {
    const z = zstd(args);
    for (const chunk of [5, 4093, 1 << 22]) expect(walk(z, chunk)).toBeNull();
  });

  it('accepts concatenated frames and skippable frames', () => {
    const skippable = Buffer.alloc(8 + 5);
    skippable.writeUInt32LE(0x184d2a5e, 0);
    skippable.writeUInt32LE(5, 4);
    expect(walk(Buffer.concat([zstd(['-1']), skippable, zstd(['-1'], Buffer.from('hello'))]))).toBeNull();
  });

  it('finds a stream cut anywhere, even on a block boundary', () => {
    const z = zstd(['-1']);
    for (const cut of [3, 5, 100, z.length >> 1, z.length - 4, z.length - 1])
      expect(walk(z.subarray(0, cut))).toMatch(/truncated zstd stream/);
  });

  it('refuses bytes that are not zstd frames, and garbage after the last frame', () => {
    expect(walk(randomBytes(1000))).toMatch(/no zstd frame at byte 0/);
    const z = zstd(['-1']);
    expect(walk(Buffer.concat([z, Buffer.from('trailing junk')]))).toMatch(
      new RegExp(`no zstd frame at byte ${z.length}`),
    );
  });

  it('refuses a reserved block type, as zstd -t does', () => {
    // magic · descriptor 0 (window descriptor follows, no size, no checksum) · window · last block of type 3
    const bad = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x07, 0x00, 0x00]);
    expect(walk(bad)).toMatch(/reserved block type at byte 6/);
    expect(() => execFileSync('zstd', ['-t', '-q'], { input: bad, stdio: ['pipe', 'ignore', 'ignore'] })).toThrow();
  });
});
