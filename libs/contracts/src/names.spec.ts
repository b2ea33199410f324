import { isCanonicalImageName, normalizeMac } from './names';

describe('normalizeMac', () => {
  it.each(['08:00:27:4F:BE:38', '08-00-27-4f-be-38', '0800274fbe38', ' 08:00:27:4f:be:38 '])('normalises %s', (mac) => {
    expect(normalizeMac(mac)).toBe('08:00:27:4f:be:38');
  });

  it.each(['08:00:27:4f:be', '08:00:27:4f:be:3g', '0800-274f-be38', '08:00-27:4f-be:38x'])('refuses %s', (mac) => {
    expect(normalizeMac(mac)).toBeNull();
  });
});

describe('isCanonicalImageName', () => {
  it.each(['image-test', 'Win10_x64', 'a'])('accepts %s', (name) => expect(isCanonicalImageName(name)).toBe(true));
  it.each(['', 'bad name', 'image.img', '../etc', '.hidden', 'a/b', 'x'.repeat(101)])('refuses %j', (name) =>
    expect(isCanonicalImageName(name)).toBe(false),
  );
});
