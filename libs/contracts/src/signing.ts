import { createHmac, timingSafeEqual } from 'node:crypto';

/** Seconds a signed webhook stays acceptable on either side of the receiver's clock. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/**
 * Signs a webhook body: HMAC-SHA256 over `${timestamp}.${rawBody}` with `secret`.
 * @param timestamp Unix time in seconds.
 * @returns `sha256=<64 hex chars>` for the `x-og-signature` header.
 */
export function signWebhook(secret: string, timestamp: number, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/** Why a signature was refused; `ok` when it was accepted. */
export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Verifies a webhook signature in constant time and checks the replay window.
 * @param nowSeconds Receiver's clock, Unix seconds.
 */
export function verifyWebhook(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer | string;
  nowSeconds: number;
  replayWindowSeconds?: number;
}): SignatureCheck {
  const { secret, timestamp, signature, rawBody, nowSeconds } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'malformed' };
  const window = input.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > window) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
