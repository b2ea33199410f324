/**
 * Multi-volume images dropped in by hand: the volumes of one image split with `split` (Clonezilla
 * `sda1.ext4-ptcl-img.gz.aa`, `.ab`…; FOG `-a 3 -d` `.000`, `.001`…) renamed to `<name>.img.aa`, `<name>.img.ab`…
 * (or `.000`, `.001`…). og-repository joins them, in suffix order, into one `<name>.img`.
 */
export const IMAGE_VOLUME_FILE = /^([A-Za-z0-9_-]{1,100})\.img\.([a-z]{2}|z[a-z]{3,}|[0-9]{2,})$/;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/** Suffix that follows `suffix` in the same alphabet and width; null after the last one (`zz`, `999`). */
function increment(suffix: string, alphabet: string): string | null {
  const chars = suffix.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const k = alphabet.indexOf(chars[i]);
    if (k < alphabet.length - 1) {
      chars[i] = alphabet[k + 1];
      return chars.join('');
    }
    chars[i] = alphabet[0];
  }
  return null;
}

/**
 * The suffixes GNU `split` may write after `suffix`: the next one of the same width (`ab` after `aa`, `za` after
 * `yz` with a fixed `-a 2`), and with its default automatic widening the next wider one (`zaaa` after `yz`,
 * `9000` after `89`, `zzaaaa` after `zyzz`).
 */
export function nextVolumeSuffixes(suffix: string): string[] {
  const alphabet = /^[0-9]+$/.test(suffix) ? DIGITS : LETTERS;
  const last = alphabet[alphabet.length - 1];
  const next = increment(suffix, alphabet);
  if (!next) return [];
  let fixed = 0;
  while (suffix[fixed] === last) fixed++;
  return next[fixed] === last ? [next, `${next}${alphabet[0]}${alphabet[0]}`] : [next];
}

/**
 * Why `suffixes` (the volumes present of one image) are not a complete run of `split` volumes, or null when they
 * are: one alphabet (letters or digits), starting at `aa`/`00`/`000`…, no gap. A missing last volume cannot be seen
 * here: the joined image is then truncated, which recognition and the integrity test report.
 */
export function volumeSetProblem(suffixes: string[]): string | null {
  if (suffixes.length === 0) return 'no volumes';
  const sorted = [...suffixes].sort();
  const digits = sorted.map((s) => /^[0-9]+$/.test(s));
  if (digits.some((d) => d !== digits[0])) return 'letter and digit suffixes mixed';
  const first = sorted[0];
  if (!/^(a+|0+)$/.test(first)) return `the first volume (.${first}) is missing: volumes start at .aa or .00`;
  for (let i = 1; i < sorted.length; i++) {
    const expected = nextVolumeSuffixes(sorted[i - 1]);
    if (!expected.includes(sorted[i]))
      return `volume .${expected[0] ?? '?'} is missing (after .${sorted[i - 1]}, found .${sorted[i]})`;
  }
  return null;
}
