import { createHash, randomBytes } from 'node:crypto';

/** Prefixes that tell token kinds apart at a glance (and in secret scanners). */
export const TOKEN_PREFIX = { api: 'ogt_', refresh: 'ogr_' } as const;

/** A new random opaque token (`<prefix><43 base64url chars>`, 256 bits) and the SHA-256 hex that is stored. */
export function newOpaqueToken(kind: keyof typeof TOKEN_PREFIX): { token: string; hash: string } {
  const token = `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** Hex SHA-256 of a token (what the database keeps). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
