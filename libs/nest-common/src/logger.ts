import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

/** Header and body fields never written to logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-og-signature"]',
  'req.headers.cookie',
  'password',
  'token',
  'apiToken',
];

/**
 * Level of a finished request's log line: 5xx `error`; successful reads (GET/HEAD: consoles poll them many times a
 * second) `debug`; refused requests (4xx: the caller's mistake, answered with the reason) and writes `info`.
 */
export function requestLogLevel(
  method: string | undefined,
  statusCode: number,
  err?: Error,
): 'error' | 'info' | 'debug' {
  if (err || statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'info';
  return method === 'GET' || method === 'HEAD' ? 'debug' : 'info';
}

/** JSON logs (pino) for every service; `level` from the app's env (`OG_LOG_LEVEL`). */
export function jsonLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACT, censor: '[secret]' },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      customLogLevel: (req, res, err) => requestLogLevel(req.method, res.statusCode, err),
      customProps: () => ({ service }),
    },
  });
}
