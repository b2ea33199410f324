/**
 * Splits `host:port` (or `[v6]:port`, or `port`) into its parts.
 * @throws Error when the port is not 1–65535.
 */
export function parseListen(listen: string, defaultHost = '0.0.0.0'): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen) ?? /^()()(\d+)$/.exec(listen);
  if (!m) throw new Error(`listen address "${listen}" must be host:port`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new Error(`listen port ${port} out of range`);
  return { host: m[1] || m[2] || defaultHost, port };
}
