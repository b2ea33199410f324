import { ifRangeMatches, parseRange } from '@repository/common/http-range';

describe('parseRange', () => {
  it('reads a range from N to the end, a bounded range and a suffix range', () => {
    expect(parseRange('bytes=100-', 1000)).toEqual([100, 999]);
    expect(parseRange('bytes=0-', 1000)).toEqual([0, 999]);
    expect(parseRange('bytes=10-19', 1000)).toEqual([10, 19]);
    expect(parseRange('bytes=-100', 1000)).toEqual([900, 999]);
  });

  it('cuts an end past the file and a suffix longer than the file', () => {
    expect(parseRange('bytes=10-5000', 1000)).toEqual([10, 999]);
    expect(parseRange('bytes=-5000', 1000)).toEqual([0, 999]);
  });

  it('ignores an absent, malformed, multiple or reversed range (the whole file is sent)', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=-', 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
    expect(parseRange('bytes=20-10', 1000)).toBeNull();
  });

  it('finds a range starting at or past the end unsatisfiable', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});

describe('ifRangeMatches', () => {
  const mtime = new Date('2024-05-01T10:00:00.750Z');

  it('holds for the same strong tag only', () => {
    expect(ifRangeMatches('"abc"', '"abc"', mtime)).toBe(true);
    expect(ifRangeMatches('"abd"', '"abc"', mtime)).toBe(false);
    expect(ifRangeMatches('W/"abc"', 'W/"abc"', mtime)).toBe(false);
    expect(ifRangeMatches('"abc"', 'W/"abc"', mtime)).toBe(false);
  });

  it('holds for a date not before the last modification, in whole seconds', () => {
    expect(ifRangeMatches('Wed, 01 May 2024 10:00:00 GMT', '"abc"', mtime)).toBe(true);
    expect(ifRangeMatches('Wed, 01 May 2024 09:59:59 GMT', '"abc"', mtime)).toBe(false);
    expect(ifRangeMatches('not a date', '"abc"', mtime)).toBe(false);
  });
});
