import type { IncomingHttpHeaders } from 'node:http';
import { OG_HEADERS } from '@og/contracts';

/** MD5 and length the sender declares for an upload body. */
export interface UploadDeclaration {
  /** Lower-case hex MD5. */
  md5: string;
  /** Bytes. */
  length: number;
  /** Where the values came from. */
  source: 'trailers' | 'headers';
}

/** Result of reading the declaration: the values, or why they are unusable. */
export type DeclarationCheck = { ok: true; value: UploadDeclaration } | { ok: false; problem: string };

/**
 * Reads `x-og-content-md5` / `x-og-content-length` from the request trailers (available once the body ended);
 * failing that, from the headers, but only when the body had a `Content-Length` (not chunked).
 */
export function readUploadDeclaration(req: {
  headers: IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
}): DeclarationCheck {
  const fromTrailers = pick(req.trailers ?? {});
  const fromHeaders =
    req.headers['content-length'] !== undefined
      ? pick(req.headers as NodeJS.Dict<string>)
      : { md5: undefined, length: undefined };
  const source = fromTrailers.md5 !== undefined || fromTrailers.length !== undefined ? 'trailers' : 'headers';
  const { md5, length } = source === 'trailers' ? fromTrailers : fromHeaders;
  if (md5 === undefined || length === undefined)
    return {
      ok: false,
      problem: `${OG_HEADERS.contentMd5} and ${OG_HEADERS.contentLength} are required (trailers of a chunked body, or headers with Content-Length)`,
    };
  if (!/^[0-9a-fA-F]{32}$/.test(md5.trim()))
    return { ok: false, problem: `${OG_HEADERS.contentMd5} is not 32 hex digits` };
  if (!/^\d{1,16}$/.test(length.trim()))
    return { ok: false, problem: `${OG_HEADERS.contentLength} is not a byte count` };
  return { ok: true, value: { md5: md5.trim().toLowerCase(), length: Number(length.trim()), source } };
}

function pick(dict: NodeJS.Dict<string | string[]>): { md5?: string; length?: string } {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return { md5: first(dict[OG_HEADERS.contentMd5]), length: first(dict[OG_HEADERS.contentLength]) };
}
