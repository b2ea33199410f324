import { formatImageInfo, parseImageInfo } from './image-info';

describe('image info', () => {
  it('parses the OpenGnsys form PARTCLONE:LZOP:NTFS:72100000', () => {
    expect(parseImageInfo('PARTCLONE:LZOP:NTFS:72100000')).toEqual({
      tool: 'PARTCLONE',
      compressor: 'LZOP',
      filesystem: 'NTFS',
      dataSizeKb: 72100000,
    });
  });

  it('ignores the hostname field that .info files carry', () => {
    expect(parseImageInfo('PARTCLONE:ZSTD:EXTFS:527276:modelo\n').dataSizeKb).toBe(527276);
  });

  it('formats what it parses', () => {
    expect(formatImageInfo(parseImageInfo('PARTCLONE:ZSTD:EXTFS:1024'))).toBe('PARTCLONE:ZSTD:EXTFS:1024');
  });

  it.each([
    ['CLONEZILLA:LZOP:NTFS:1', 'tool'],
    ['PARTCLONE:RAR:NTFS:1', 'compressor'],
    ['PARTCLONE:LZOP:NTFS:12.5', 'data size'],
    ['PARTCLONE:LZOP::1', 'filesystem'],
  ])('refuses %s naming the %s', (text, field) => {
    expect(() => parseImageInfo(text)).toThrow(field);
  });
});
