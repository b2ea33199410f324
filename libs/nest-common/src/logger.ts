import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

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

/**
 * JSON logs (pino) for every service; `level` from the app's env (`OG_LOG_LEVEL`). nestjs-pino provides the Nest
 * logger, but its per-request middleware is off (`forRoutes: []`): it made a child logger per request and ran the
 * request in an AsyncLocalStorage, which turns on async hooks for every promise of the process (a third of og-core's
 * CPU per console read in bench/inventory). Request lines come from {@link requestLogger} instead.
 */
export function jsonLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACT, censor: '[secret]' },
      autoLogging: false,
    },
    forRoutes: [],
  });
}

/**
 * Express middleware writing one JSON line per finished request (method, url, remote address, status, response time
 * in ms) at {@link requestLogLevel}'s level, `warn` when the client went away first; health probes are not logged.
 * Nothing is built for a line whose level is off.
 */
export function requestLogger(): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (req.url.startsWith('/health')) return next();
    const started = performance.now();
    res.once('close', () => {
      const logger = PinoLogger.root;
      if (!logger) return;
      const aborted = !res.writableFinished;
      const level = aborted ? 'warn' : requestLogLevel(req.method, res.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        },
        aborted ? 'request aborted' : 'request completed',
      );
    });
    next();
  };
}
