import { AuxiliarySuffixPipe, ImageNamePipe } from '@repository/modules/images/image-name.pipe';
import { ImageException } from '@repository/modules/images/images.exception';

describe('ImageNamePipe', () => {
  const pipe = new ImageNamePipe();

  it.each(['ubuntu', 'Win11_Aula-3', 'a', 'x'.repeat(100), '2024'])('accepts the canonical name %p', (name) => {
    expect(pipe.transform(name)).toBe(name);
  });

  it.each([
    '',
    '..',
    '.',
    '.hidden',
    'a.b',
    'a/b',
    '../etc',
    'with space',
    'tab\tname',
    'nl\n',
    'nul\u0000',
    'x'.repeat(101),
    'ñandú',
    'a%2Fb',
  ])('rejects %p with INVALID_IMAGE_NAME (400)', (name) => {
    expect(() => pipe.transform(name)).toThrow(ImageException);
    try {
      pipe.transform(name);
    } catch (err) {
      expect((err as ImageException).code).toBe('INVALID_IMAGE_NAME');
      expect((err as ImageException).status).toBe(400);
    }
  });

  it('rejects non-strings', () => {
    expect(() => pipe.transform(undefined)).toThrow(ImageException);
    expect(() => pipe.transform(['a'])).toThrow(ImageException);
  });
});

describe('AuxiliarySuffixPipe', () => {
  const pipe = new AuxiliarySuffixPipe();

  it.each(['sum', 'full.sum', 'size', 'info', 'torrent'])('accepts %p', (s) => expect(pipe.transform(s)).toBe(s));
  it.each(['md5', 'img', '', 'sum.ant', 'invalid', 'meta.json'])('rejects %p', (s) =>
    expect(() => pipe.transform(s)).toThrow(ImageException),
  );
});
