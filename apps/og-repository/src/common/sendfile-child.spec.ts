import { openSync, closeSync, readSync } from 'node:fs';
import { fileOffset, parseFdinfoPos } from '@repository/common/sendfile-child';

describe('parseFdinfoPos', () => {
  it('reads the offset of a /proc/<pid>/fdinfo/<fd> text', () => {
    expect(parseFdinfoPos('pos:\t4194304\nflags:\t02100000\nmnt_id:\t27\nino:\t1234\n')).toBe(4194304);
    expect(parseFdinfoPos('pos:\t0\nflags:\t02\n')).toBe(0);
  });

  it('answers null without a pos line', () => {
    expect(parseFdinfoPos('flags:\t02\n')).toBeNull();
    expect(parseFdinfoPos('')).toBeNull();
  });
});

describe('fileOffset', () => {
  it('follows the offset of an open file as it is read', () => {
    const fd = openSync('/proc/self/exe', 'r');
    expect(fileOffset(fd)).toBe(0);
    readSync(fd, Buffer.alloc(100), 0, 100, null);
    expect(fileOffset(fd)).toBe(100);
    closeSync(fd);
  });
});
