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

/** JSON logs (pino) for every service; `level` from the app's env (`OG_LOG_LEVEL`). */
export function jsonLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACT, censor: '[secret]' },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      customProps: () => ({ service }),
    },
  });
}
