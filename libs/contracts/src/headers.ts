/** Header names shared by the three services. Wire contract: never rename. */
export const OG_HEADERS = {
  /** Unix time in seconds at which a webhook was signed. */
  timestamp: 'x-og-timestamp',
  /** `sha256=<hex HMAC-SHA256 of "${timestamp}.${rawBody}">`. */
  signature: 'x-og-signature',
  /** UUID of a webhook event; receivers are idempotent on it. */
  eventId: 'x-og-event-id',
  /** Upload trailer: hex MD5 of the whole body as the sender computed it. */
  contentMd5: 'x-og-content-md5',
  /**
   * Upload trailer, instead of {@link OG_HEADERS.contentMd5}: hex SHA-256 of the whole body as the sender computed
   * it (og-agent's captures: twice MD5's rate with SHA extensions). Announced in the request's `Trailer` header.
   */
  contentSha256: 'x-og-content-sha256',
  /** Upload trailer: number of body bytes the sender wrote. */
  contentLength: 'x-og-content-length',
} as const;
