import { rawFilesystem, recogniseImage } from '@repository/modules/auxiliary-files/image-recognition';

describe('recogniseImage (uncompressed heads)', () => {
  it('reads a partclone v1 header (partclone 0.2: OpenGnsys 1.x, old Clonezilla)', async () => {
    const h = Buffer.alloc(4096);
    h.write('partclone-image', 0, 'latin1');
    h.write('EXTFS', 15, 'latin1');
    h.write('0001', 30, 'latin1');
    h.writeInt32LE(4096, 36);
    h.writeBigUInt64LE(1073741824n, 40);
    h.writeBigUInt64LE(262144n, 48);
    h.writeBigUInt64LE(1000n, 56);
    const r = await recogniseImage(h, 'NONE');
    expect(r.info).toEqual({ tool: 'PARTCLONE', compressor: 'NONE', filesystem: 'EXTFS', dataSizeKb: 4000 });
    expect(r.deviceSizeBytes).toBe(1073741824);
  });

  it('recognises a partimage volume by its magic', async () => {
    const h = Buffer.alloc(4096);
    h.write('PaRtImAgE-VoLuMe', 0, 'latin1');
    h.write('0.6.1', 32, 'latin1');
    expect((await recogniseImage(h, 'NONE')).info.tool).toBe('PARTIMAGE');
  });

  it('sizes a raw disk from its MBR partition table', () => {
    const h = Buffer.alloc(4096);
    h.writeUInt16LE(0xaa55, 510);
    h.writeUInt32LE(2048, 446 + 8);
    h.writeUInt32LE(20480, 446 + 12);
    expect(rawFilesystem(h)).toEqual({ filesystem: '', sizeBytes: (2048 + 20480) * 512 });
  });

  it('rejects bytes that are no image with the reason', async () => {
    await expect(recogniseImage(Buffer.alloc(4096, 7), 'NONE')).rejects.toThrow(/not a recognised image/);
  });
});
