import bencode from 'bencode';
import { createHash } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { run } from '@og/testing';
import {
  DIGEST_READ_BYTES,
  DIGEST_SLOTS,
  digestImageFile,
  PieceHasher,
  TORRENT_PIECE_BYTES,
} from '@repository/modules/auxiliary-files/image-digest';
import { buildTorrent } from '@repository/modules/auxiliary-files/torrent-file';

async function digestOf(path: string, check: 'full' | 'frames' = 'full') {
  const fh = await open(path, 'r');
  try {
    return await digestImageFile(fh, (await fh.stat()).size, undefined, check);
  } finally {
    await fh.close();
  }
}

const shell = async (cmd: string) => (await run('bash', ['-c', cmd])).trim();

describe('digestImageFile', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'og-digest-'));
    file = join(dir, 'sample.img');
    // random bytes over more read chunks than the ring has slots (each slot is refilled), ending mid-piece: pieces,
    // the tail and the read chunks all straddle boundaries
    await writeFile(file, randomBytes((DIGEST_SLOTS + 1) * DIGEST_READ_BYTES + 1_234_567));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('computes the full and last-MiB MD5 exactly as md5sum and tail -c1M | md5sum do', async () => {
    const d = await digestOf(file);
    expect(d.fullMd5).toBe((await shell(`md5sum -b ${file}`)).split(' ')[0]);
    expect(d.tailMd5).toBe((await shell(`tail -c1M ${file} | md5sum -b`)).split(' ')[0]);
    expect(d.head.length).toBe(1024 * 1024);
  });

  it('hashes each 4 MiB piece with SHA-1', async () => {
    const d = await digestOf(file);
    const bytes = await readFile(file);
    const expected = [];
    for (let at = 0; at < bytes.length; at += TORRENT_PIECE_BYTES)
      expected.push(
        createHash('sha1')
          .update(bytes.subarray(at, at + TORRENT_PIECE_BYTES))
          .digest(),
      );
    expect(d.pieces.equals(Buffer.concat(expected))).toBe(true);
  });

  it('keeps the first MiB and the last 64 KiB of the file', async () => {
    const d = await digestOf(file);
    const bytes = await readFile(file);
    expect(d.head.equals(bytes.subarray(0, 1024 * 1024))).toBe(true);
    expect(d.end.equals(bytes.subarray(bytes.length - 64 * 1024))).toBe(true);
  });

  it('hashes the whole file as .sum when it is smaller than 1 MiB', async () => {
    const small = join(dir, 'small.img');
    await writeFile(small, randomBytes(1000));
    const d = await digestOf(small);
    expect(d.end.equals(await readFile(small))).toBe(true);
    expect(d.tailMd5).toBe(d.fullMd5);
    expect(d.tailMd5).toBe((await shell(`tail -c1M ${small} | md5sum -b`)).split(' ')[0]);
  });

  it('builds a torrent whose info dictionary is byte-identical to mktorrent -l 22', async () => {
    const d = await digestOf(file);
    const announce = 'http://127.0.0.1:6969/announce';
    const torrent = buildTorrent({
      announce,
      fileName: 'sample.img',
      length: d.sizeBytes,
      pieceLength: TORRENT_PIECE_BYTES,
      pieces: d.pieces,
      comment: d.fullMd5,
      creationDate: 1_700_000_000,
    });
    const ours = bencode.decode(torrent);
    expect(Buffer.from(ours.announce).toString()).toBe(announce);
    expect(Buffer.from(ours.comment).toString()).toBe(d.fullMd5);
    expect(Buffer.from(ours['created by']).toString()).toBe('ogsuite');
    expect(ours.info['piece length']).toBe(4194304);
    expect(ours.info.length).toBe(d.sizeBytes);

    const theirsPath = join(dir, 'mk.torrent');
    await run('mktorrent', ['-l', '22', '-a', announce, '-o', theirsPath, file]);
    const theirs = bencode.decode(await readFile(theirsPath));
    expect(Buffer.from(bencode.encode(ours.info)).equals(Buffer.from(bencode.encode(theirs.info)))).toBe(true);
  });

  it('passes a sound zstd stream to zstd -t and fails a truncated one', async () => {
    const good = join(dir, 'good.zst');
    const cut = join(dir, 'cut.zst');
    await shell(`zstd -q -c ${file} > ${good} && head -c 5000000 ${good} > ${cut}`);
    const ok = await digestOf(good);
    expect(ok.compressor).toBe('ZSTD');
    expect(ok.integrity).toEqual({ ok: true });
    const bad = await digestOf(cut);
    expect(bad.integrity.ok).toBe(false);
  });

  it('walks the frames of a zstd stream without zstd -t when asked, and fails a truncated one', async () => {
    const good = join(dir, 'frames.zst');
    const cut = join(dir, 'frames-cut.zst');
    await shell(`zstd -q -T0 -c ${file} > ${good} && head -c 5000000 ${good} > ${cut}`);
    const ok = await digestOf(good, 'frames');
    expect(ok.integrity).toEqual({ ok: true });
    expect(ok.fullMd5).toBe((await shell(`md5sum -b ${good}`)).split(' ')[0]);
    const bad = await digestOf(cut, 'frames');
    expect(bad.integrity).toEqual({ ok: false, reason: expect.stringMatching(/truncated zstd stream/) });
  });

  it('fails a truncated gzip and lzop stream with their own test modes', async () => {
    for (const [tool, ext] of [
      ['gzip', 'gz'],
      ['lzop', 'lzo'],
    ]) {
      const good = join(dir, `good.${ext}`);
      const cut = join(dir, `cut.${ext}`);
      await shell(`${tool} -c ${file} > ${good} && head -c 3000000 ${good} > ${cut}`);
      expect((await digestOf(good)).integrity).toEqual({ ok: true });
      const bad = await digestOf(cut);
      expect(bad.integrity.ok).toBe(false);
      expect(bad.compressor).toBe(tool.toUpperCase());
    }
  });
});

describe('PieceHasher', () => {
  it('gives the same hashes whatever the chunking', () => {
    const data = randomBytes(100);
    const whole = new PieceHasher(16);
    whole.update(data);
    const bits = new PieceHasher(16);
    for (let at = 0; at < data.length; at += 7) bits.update(data.subarray(at, at + 7));
    const a = whole.digest();
    expect(a.length).toBe(7 * 20);
    expect(bits.digest().equals(a)).toBe(true);
  });
});
