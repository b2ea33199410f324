import { availableParallelism } from 'node:os';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * og-core's environment, validated at boot (every bad variable is listed, then the process exits).
 * Durations in seconds; secrets are never logged.
 */
export class CoreEnv {
  /** `host:port` the API listens on. */
  @Matches(/^[^\s]+:\d{1,5}$/)
  OG_CORE_LISTEN = '0.0.0.0:8080';

  /** PostgreSQL connection URL. */
  @Matches(/^postgres(ql)?:\/\//)
  OG_DATABASE_URL = 'postgres://ogsuite:ogsuite@127.0.0.1:5432/ogsuite';

  /**
   * PostgreSQL connections og-core keeps open at most. Default: twice this machine's cores plus one (PostgreSQL's
   * rule of thumb): more connections than the cores can serve only queue, and a busy pool of runnable backends takes
   * CPU turns from og-core itself (on 2 cores, bench/inventory's p99 was lower with 3–5 than with pg's default 10).
   */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  OG_DATABASE_POOL_SIZE = 2 * availableParallelism() + 1;

  /** Redis connection URL (BullMQ queues). */
  @Matches(/^rediss?:\/\//)
  OG_REDIS_URL = 'redis://127.0.0.1:6379';

  /** BullMQ key prefix; lets several suites share one Redis. */
  @Matches(/^[A-Za-z0-9_-]+$/)
  OG_QUEUE_PREFIX = 'ogcore';

  /** HMAC secret signing access tokens (JWT HS256); at least 32 characters. */
  @IsString()
  @MinLength(32)
  OG_JWT_SECRET: string;

  /** Access token lifetime, seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  OG_JWT_TTL_SECONDS = 3600;

  /** Username of the administrator created at first start. */
  @Matches(/^[A-Za-z0-9._-]{3,64}$/)
  OG_ADMIN_USER = 'admin';

  /** Password of that administrator; when unset a random one is generated and printed once. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  OG_ADMIN_PASSWORD?: string;

  /** Secret og-core sends in `Authorization` with every order to an agent (the agents' `OG_AGENT_SECRET`). */
  @IsString()
  @MinLength(16)
  OG_AGENT_SECRET: string;

  /** Port of the agents' API. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  OG_AGENT_PORT = 8000;

  /** Scheme used to reach agents. */
  @IsIn(['http', 'https'])
  OG_AGENT_SCHEME: 'http' | 'https' = 'http';

  /** Accept self-signed agent certificates (lab setups). */
  @IsIn(['true', 'false'])
  OG_AGENT_TLS_INSECURE: 'true' | 'false' = 'false';

  /** Seconds to wait for an agent to answer an order. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OG_AGENT_TIMEOUT_SECONDS = 10;

  /** How many times an order is sent when the agent cannot be reached (never resent once accepted). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  OG_DISPATCH_ATTEMPTS = 5;

  /** HMAC secret of webhooks from agents. */
  @IsString()
  @MinLength(16)
  OG_AGENT_WEBHOOK_SECRET: string;

  /** HMAC secret of webhooks from repositories. */
  @IsString()
  @MinLength(16)
  OG_REPOSITORY_WEBHOOK_SECRET: string;

  /** Seconds a webhook timestamp may differ from og-core's clock. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  OG_WEBHOOK_REPLAY_WINDOW_SECONDS = 300;

  /** A trace in `sent`/`in-progress` with no news for this many seconds is checked with its agent, and failed if the agent lost it. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  OG_TRACE_SILENCE_SECONDS = 300;

  /** Failed logins of one username within `OG_LOGIN_LOCKOUT_SECONDS` before further attempts get 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OG_LOGIN_MAX_FAILURES_PER_USER = 5;

  /** Failed logins from one address within `OG_LOGIN_LOCKOUT_SECONDS` before further attempts get 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OG_LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  /** Window and lockout of failed logins, seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OG_LOGIN_LOCKOUT_SECONDS = 900;

  /** Refresh token lifetime, seconds (rotated on every use). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  OG_REFRESH_TTL_SECONDS = 604800;

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  OG_LOG_LEVEL = 'info';
}

/** DI token of the validated {@link CoreEnv}. */
export const CORE_ENV = Symbol('CORE_ENV');
