import { HttpException, HttpStatus, Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { CORE_ENV, CoreEnv } from '@core/config/env';

/**
 * Counts failed logins per username and per client address in Redis (shared by every og-core process);
 * past the limits, logins are refused with 429 and `Retry-After` until the window ends.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(@Inject(CORE_ENV) private readonly env: CoreEnv) {
    this.redis = new Redis(env.OG_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
  }

  /** @throws HttpException 429 naming what is locked when either counter is over its limit. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const [byUser, byAddress] = await this.redis.mget(this.key('user', username), this.key('addr', address));
    const locked =
      Number(byUser ?? 0) >= this.env.OG_LOGIN_MAX_FAILURES_PER_USER
        ? `user ${username}`
        : Number(byAddress ?? 0) >= this.env.OG_LOGIN_MAX_FAILURES_PER_ADDRESS
          ? `address ${address}`
          : null;
    if (!locked) return;
    const ttl = Math.max(
      1,
      await this.redis.ttl(this.key(locked.startsWith('user') ? 'user' : 'addr', locked.split(' ')[1])),
    );
    throw new HttpException(
      { statusCode: 429, message: `too many failed logins for ${locked}; retry in ${ttl} s`, retryAfterSeconds: ttl },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Counts a failure for both the username and the address. */
  async recordFailure(username: string, address: string): Promise<void> {
    const window = this.env.OG_LOGIN_LOCKOUT_SECONDS;
    await this.redis
      .multi()
      .incr(this.key('user', username))
      .expire(this.key('user', username), window, 'NX')
      .incr(this.key('addr', address))
      .expire(this.key('addr', address), window, 'NX')
      .exec();
  }

  /** A successful login clears the username's counter (not the address's). */
  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.key('user', username));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private key(kind: 'user' | 'addr', value: string): string {
    return `${this.env.OG_QUEUE_PREFIX}:login-failures:${kind}:${value}`;
  }
}
