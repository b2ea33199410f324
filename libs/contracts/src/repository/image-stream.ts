/**
 * og-repository's streamed image upload, the fast form of `PUT images/{name}/file` that og-agent's captures use.
 * Wire contract between og-agent and og-repository (not an OpenGnsys format):
 * 1. The client sends `PUT /ogrepository/v1/images/{name}/file` without a body, with `Authorization: Bearer <token>`,
 *    `Content-Type: application/octet-stream`, `Connection: Upgrade` and `Upgrade: og-image-stream/1`.
 * 2. og-repository refuses with an ordinary HTTP answer (the JSON error of the REST API: 401, 400, 409, 415, 507) and
 *    closes the connection, or accepts with `101 Switching Protocols` and the same `Upgrade` token.
 * 3. The client then sends the image bytes, then the {@link IMAGE_STREAM_TRAILER_BYTES}-byte trailer (see
 *    {@link encodeImageStreamTrailer}), then ends its side of the connection (TCP FIN).
 * 4. og-repository checks the trailer against what it received, installs the image only when both match, and answers
 *    with one line of JSON, {@link ImageStreamAnswer}, before closing the connection.
 * Why: the chunked PUT passes every byte through og-repository's main process (and its heap's garbage collector);
 * after the upgrade a small child process owns the connection and writes the file, so an upload costs the repository
 * little more than the hash and the write.
 */
export const IMAGE_STREAM_UPGRADE = 'og-image-stream/1';

/** Bytes of the trailer that ends the streamed bytes: magic (8) · length u64 big-endian (8) · SHA-256 (32). */
export const IMAGE_STREAM_TRAILER_BYTES = 48;

/** First 8 bytes of the trailer (ASCII). */
export const IMAGE_STREAM_TRAILER_MAGIC = 'OGIMGEND';

/** What the sender declares in the trailer about the bytes before it. */
export interface ImageStreamTrailer {
  /** Number of image bytes sent before the trailer. */
  length: number;
  /** Hex SHA-256 of those bytes. */
  sha256: string;
}

/** The trailer bytes for `trailer`. */
export function encodeImageStreamTrailer(trailer: ImageStreamTrailer): Buffer {
  const out = Buffer.alloc(IMAGE_STREAM_TRAILER_BYTES);
  out.write(IMAGE_STREAM_TRAILER_MAGIC, 0, 'latin1');
  out.writeBigUInt64BE(BigInt(trailer.length), 8);
  Buffer.from(trailer.sha256, 'hex').copy(out, 16);
  return out;
}

/** The trailer in the last {@link IMAGE_STREAM_TRAILER_BYTES} bytes of a stream, or null when they are not one. */
export function decodeImageStreamTrailer(bytes: Buffer): ImageStreamTrailer | null {
  if (bytes.length !== IMAGE_STREAM_TRAILER_BYTES) return null;
  if (bytes.toString('latin1', 0, 8) !== IMAGE_STREAM_TRAILER_MAGIC) return null;
  return { length: Number(bytes.readBigUInt64BE(8)), sha256: bytes.toString('hex', 16, 48) };
}

/**
 * The JSON line og-repository answers after the streamed bytes: `status` as the chunked PUT would have answered
 * (201 with the installed image; 400 when the trailer is missing or does not match what arrived; 507 when the store
 * filled up), `body` the same JSON body that answer would carry.
 */
export interface ImageStreamAnswer {
  status: number;
  body: unknown;
}
