import { randomUUID } from 'node:crypto';
import { OG_HEADERS, signWebhook } from '@og/contracts';

/**
 * POSTs `event` as a signed webhook (the way agents and repositories do) and returns the response.
 * @param opts.timestamp override the signing time (Unix seconds) to test the replay window.
 */
export async function postSignedWebhook(
  url: string,
  secret: string,
  event: object,
  opts: { timestamp?: number; signature?: string } = {},
): Promise<Response> {
  const body = JSON.stringify(event);
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [OG_HEADERS.timestamp]: String(ts),
      [OG_HEADERS.signature]: opts.signature ?? signWebhook(secret, ts, body),
      [OG_HEADERS.eventId]: (event as { id?: string }).id ?? randomUUID(),
    },
    body,
  });
}
