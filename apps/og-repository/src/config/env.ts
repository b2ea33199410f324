import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { WEBHOOK_PATHS } from '@og/contracts';
import { loadEnv, parseListen } from '@og/nest-common';

const LISTEN = /^(?:\[[^\]]+\]|[^:\s]+):\d{1,5}$|^\d{1,5}$/;

/** og-repository's environment variables, validated at boot (every bad variable is listed). */
export class RepositoryEnvVars {
  /** `host:port` the HTTP API listens on. */
  @Matches(LISTEN, { message: 'must be host:port' })
  OG_REPOSITORY_LISTEN = '0.0.0.0:8006';

  /** Directory holding `<name>.img` and its auxiliary files; created if missing. */
  @IsString()
  @IsNotEmpty()
  OG_REPOSITORY_DIR = '/opt/opengnsys/ogrepository/images';

  /** Trash directory (DELETE moves images there); must be on the filesystem of `OG_REPOSITORY_DIR`. Default: sibling `images_trash`. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  OG_REPOSITORY_TRASH_DIR?: string;

  /** A `<name>.img.lock` whose file was not refreshed for this many seconds (or whose process is dead) is stale and removed at boot. */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  OG_REPOSITORY_LOCK_STALE_SECONDS = 600;

  /** A file renamed to `<name>.img` by hand is processed once its size and mtime stay unchanged for this many ms. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(600_000)
  OG_REPOSITORY_WATCH_STABLE_MS = 1000;

  /** Name of this repository in webhook events. */
  @IsString()
  @IsNotEmpty()
  OG_REPOSITORY_NAME = hostname();

  /** API token: `Authorization: Bearer <token>` (or the raw token) on every `/ogrepository/v1` call. Required. */
  @IsString()
  @IsNotEmpty()
  OG_REPOSITORY_TOKEN!: string;

  /** og-core base URL; webhooks go to `${url}/webhooks/repository`. Unset: no webhooks are sent. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  OG_REPOSITORY_CORE_URL?: string;

  /** HMAC secret of the webhooks; required when `OG_REPOSITORY_CORE_URL` is set. */
  @ValidateIf((o: RepositoryEnvVars) => !!o.OG_REPOSITORY_CORE_URL)
  @IsString()
  @IsNotEmpty({ message: 'OG_REPOSITORY_WEBHOOK_SECRET is required when OG_REPOSITORY_CORE_URL is set' })
  OG_REPOSITORY_WEBHOOK_SECRET?: string;

  /** Redis of the BullMQ queues. */
  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'], require_protocol: true })
  OG_REDIS_URL = 'redis://127.0.0.1:6379';

  /** BullMQ key prefix (tests use a unique one). */
  @IsString()
  @IsNotEmpty()
  OG_QUEUE_PREFIX = 'ogrepo';

  /** Announce URL written into `.torrent` files; default `http://<listen host>:6969/announce` (hostname when listening on all addresses). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https', 'udp'], require_protocol: true })
  OG_REPOSITORY_TRACKER_URL?: string;

  /**
   * How the auxiliary-files job checks an image's compressed stream during its one read: `frames` walks a zstd
   * stream's frames and blocks without decompressing (truncation, non-zstd bytes; other compressors get their test
   * mode), `full` decompresses every image with its compressor's test mode (`zstd -t`…; costs about one more
   * decompression of the image in CPU time).
   */
  @IsIn(['frames', 'full'])
  OG_REPOSITORY_STREAM_CHECK: 'frames' | 'full' = 'frames';

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  OG_LOG_LEVEL = 'info';
}

/** The validated configuration the app runs with. Secrets are never logged. */
export interface RepositoryConfig {
  listen: { host: string; port: number };
  /** Absolute image directory. */
  dir: string;
  /** Absolute trash directory (same filesystem as `dir`). */
  trashDir: string;
  /** Milliseconds after which an unrefreshed upload lock is stale. */
  lockStaleMs: number;
  /** Milliseconds a hand-copied `<name>.img` must stay unchanged before it is processed. */
  watchStableMs: number;
  name: string;
  token: string;
  /** Full webhook URL (`${OG_REPOSITORY_CORE_URL}/webhooks/repository`), null when webhooks are off. */
  webhookUrl: string | null;
  webhookSecret: string | null;
  redisUrl: string;
  queuePrefix: string;
  trackerUrl: string;
  /** How the auxiliary-files job checks compressed streams (`OG_REPOSITORY_STREAM_CHECK`). */
  streamCheck: 'frames' | 'full';
  logLevel: string;
}

/** Injection token of {@link RepositoryConfig}. */
export const REPOSITORY_CONFIG = Symbol('REPOSITORY_CONFIG');

/**
 * Reads and validates the environment.
 * @throws InvalidEnvironmentError listing every bad variable.
 */
export function loadRepositoryConfig(source: NodeJS.ProcessEnv = process.env): RepositoryConfig {
  const env = loadEnv(RepositoryEnvVars, source);
  const listen = parseListen(env.OG_REPOSITORY_LISTEN);
  const trackerHost = ['0.0.0.0', '::'].includes(listen.host) ? hostname() : listen.host;
  return {
    listen,
    dir: resolve(env.OG_REPOSITORY_DIR),
    trashDir: resolve(env.OG_REPOSITORY_TRASH_DIR ?? join(dirname(resolve(env.OG_REPOSITORY_DIR)), 'images_trash')),
    lockStaleMs: env.OG_REPOSITORY_LOCK_STALE_SECONDS * 1000,
    watchStableMs: env.OG_REPOSITORY_WATCH_STABLE_MS,
    name: env.OG_REPOSITORY_NAME,
    token: env.OG_REPOSITORY_TOKEN,
    webhookUrl: env.OG_REPOSITORY_CORE_URL
      ? `${env.OG_REPOSITORY_CORE_URL.replace(/\/+$/, '')}${WEBHOOK_PATHS.repository}`
      : null,
    webhookSecret: env.OG_REPOSITORY_WEBHOOK_SECRET ?? null,
    redisUrl: env.OG_REDIS_URL,
    queuePrefix: env.OG_QUEUE_PREFIX,
    trackerUrl:
      env.OG_REPOSITORY_TRACKER_URL ??
      `http://${trackerHost.includes(':') ? `[${trackerHost}]` : trackerHost}:6969/announce`,
    streamCheck: env.OG_REPOSITORY_STREAM_CHECK,
    logLevel: env.OG_LOG_LEVEL,
  };
}
