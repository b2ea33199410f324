/**
 * Canonical image name (OpenGnsys "nombre canónico"): letters, digits, `-` and `_`, 1–100 characters.
 * No spaces, dots or slashes, so it is always safe as a file name `<name>.img` in the repository.
 */
export const CANONICAL_IMAGE_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** True when `name` is a canonical image name (see {@link CANONICAL_IMAGE_NAME}). */
export function isCanonicalImageName(name: unknown): name is string {
  return typeof name === 'string' && CANONICAL_IMAGE_NAME.test(name);
}

/**
 * Normalises a MAC address written as `08:00:27:4F:BE:38`, `08-00-27-4f-be-38` or `0800274fbe38`
 * to lower-case colon form `08:00:27:4f:be:38`. Returns null when it is not a MAC address.
 */
export function normalizeMac(mac: string): string | null {
  const hex = mac.trim().toLowerCase().replace(/[:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  if (!/^([0-9a-f]{2}([:-]|$)){6}$|^[0-9a-f]{12}$/.test(mac.trim().toLowerCase())) return null;
  return hex.match(/../g)!.join(':');
}
