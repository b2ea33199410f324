import type { IncomingHttpHeaders } from 'node:http';
import { OG_HEADERS } from '@og/contracts';

/** The digests an upload may be declared by: trailer or header name, hex length, and how messages name them. */
export const UPLOAD_DIGESTS = {
  md5: { header: OG_HEADERS.contentMd5, hexDigits: 32, label: 'MD5', detailKey: 'Md5' },
  sha256: { header: OG_HEADERS.contentSha256, hexDigits: 64, label: 'SHA-256', detailKey: 'Sha256' },
} as const;

/** Digest an upload is declared by: `x-og-content-sha256` when the sender announces it, else `x-og-content-md5`. */
export type UploadDigestAlgorithm = keyof typeof UPLOAD_DIGESTS;

/** Digest and length the sender declares for an upload body. */
export interface UploadDeclaration {
  algorithm: UploadDigestAlgorithm;
  /** Lower-case hex digest. */
  digest: string;
  /** Bytes. */
  length: number;
  /** Where the values came from. */
  source: 'trailers' | 'headers';
}

/** Result of reading the declaration: the values, or why they are unusable. */
export type DeclarationCheck = { ok: true; value: UploadDeclaration } | { ok: false; problem: string };

/**
 * The digest the body must be hashed with, known before it arrives: SHA-256 when `x-og-content-sha256` is announced
 * in the `Trailer` header or sent as a header, else MD5.
 */
export function uploadDigestAlgorithm(headers: IncomingHttpHeaders): UploadDigestAlgorithm {
  const announced = String(headers.trailer ?? '')
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
  return announced.includes(OG_HEADERS.contentSha256) || headers[OG_HEADERS.contentSha256] !== undefined
    ? 'sha256'
    : 'md5';
}

/**
 * Reads the digest (`x-og-content-<algorithm>`) and `x-og-content-length` from the request trailers (available once
 * the body ended); failing that, from the headers, but only when the body had a `Content-Length` (not chunked).
 */
export function readUploadDeclaration(
  req: { headers: IncomingHttpHeaders; trailers: NodeJS.Dict<string> },
  algorithm: UploadDigestAlgorithm = 'md5',
): DeclarationCheck {
  const { header: name, hexDigits } = UPLOAD_DIGESTS[algorithm];
  const fromTrailers = pick(req.trailers ?? {}, name);
  const fromHeaders =
    req.headers['content-length'] !== undefined
      ? pick(req.headers as NodeJS.Dict<string>, name)
      : { digest: undefined, length: undefined };
  const source = fromTrailers.digest !== undefined || fromTrailers.length !== undefined ? 'trailers' : 'headers';
  const { digest, length } = source === 'trailers' ? fromTrailers : fromHeaders;
  if (digest === undefined || length === undefined)
    return {
      ok: false,
      problem: `${name} and ${OG_HEADERS.contentLength} are required (trailers of a chunked body, or headers with Content-Length)`,
    };
  if (!new RegExp(`^[0-9a-fA-F]{${hexDigits}}$`).test(digest.trim()))
    return { ok: false, problem: `${name} is not ${hexDigits} hex digits` };
  if (!/^\d{1,16}$/.test(length.trim()))
    return { ok: false, problem: `${OG_HEADERS.contentLength} is not a byte count` };
  return { ok: true, value: { algorithm, digest: digest.trim().toLowerCase(), length: Number(length.trim()), source } };
}

function pick(dict: NodeJS.Dict<string | string[]>, name: string): { digest?: string; length?: string } {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return { digest: first(dict[name]), length: first(dict[OG_HEADERS.contentLength]) };
}
