import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './signing';

describe('webhook signing', () => {
  const secret = 'a-shared-secret';
  const body = Buffer.from('{"event":"job.finished","id":"1"}');
  const now = 1_800_000_000;

  it('signs HMAC-SHA256 over "${timestamp}.${rawBody}" as sha256=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body.toString()}`).digest('hex');
    expect(signWebhook(secret, now, body)).toBe(`sha256=${expected}`);
  });

  it('accepts its own signature inside the replay window', () => {
    const signature = signWebhook(secret, now - 100, body);
    expect(verifyWebhook({ secret, timestamp: String(now - 100), signature, rawBody: body, nowSeconds: now })).toEqual({
      ok: true,
    });
  });

  it.each([
    ['a different secret', { signature: signWebhook('other', now, body) }, 'mismatch'],
    ['a changed body', { rawBody: Buffer.from('{"event":"job.finished","id":"2"}') }, 'mismatch'],
    [
      'a timestamp outside the window',
      { timestamp: String(now - 301), signature: signWebhook(secret, now - 301, body) },
      'expired',
    ],
    ['no signature', { signature: undefined }, 'missing'],
    ['a signature without the sha256= prefix', { signature: signWebhook(secret, now, body).slice(7) }, 'malformed'],
  ])('refuses %s', (_label, override, reason) => {
    const input = {
      secret,
      timestamp: String(now),
      signature: signWebhook(secret, now, body),
      rawBody: body,
      nowSeconds: now,
      ...override,
    };
    expect(verifyWebhook(input)).toEqual({ ok: false, reason });
  });
});
