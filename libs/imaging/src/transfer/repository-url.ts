/**
 * Base URL of a repository from an order's `ipr`: a bare host or IP (`192.168.68.55`, `[fe80::1]`) gets
 * `http://` and `defaultPort`; `host:port` gets `http://`; an `http(s)://` URL is kept (trailing `/` removed).
 * @throws Error when `ipr` is none of these.
 */
export function repositoryBaseUrl(ipr: string, defaultPort: number): string {
  const text = ipr.trim();
  if (/^https?:\/\//i.test(text)) {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  }
  const v6 = /^\[([0-9a-fA-F:]+)\](?::(\d{1,5}))?$/.exec(text);
  if (v6) return `http://[${v6[1]}]:${v6[2] ?? defaultPort}`;
  const host = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!host) throw new Error(`ipr "${ipr}" is not a host, host:port or URL`);
  return `http://${host[1]}:${host[2] ?? defaultPort}`;
}
