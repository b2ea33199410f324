import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often changes made by another og-core on the same database are read (ms). */
const REFRESH_MS = 30_000;

/**
 * When each user's credentials (password, roles, units) last changed, or that the user is gone, kept in memory so
 * that checking an access token costs no query. Access tokens are JWTs that carry roles and units; one issued before
 * the change is refused ({@link accepts}) instead of living on with the old rights until it expires. Changes made
 * here apply at once; another og-core on the same database sees them within {@link REFRESH_MS}.
 */
@Injectable()
export class CredentialChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  /** user id → credentialsChangedAt (ms); a user missing here is looked up once, null when it does not exist. */
  private readonly changedAt = new Map<string, number | null>();
  private timer: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * True when an access token of `userId` issued at `issuedAtSeconds` (the JWT's `iat`, whole seconds) is still
   * good: the user exists and its credentials have not changed since (a change in the same second is let through).
   */
  async accepts(userId: string, issuedAtSeconds: number): Promise<boolean> {
    if (!this.changedAt.has(userId)) this.changedAt.set(userId, await this.read(userId));
    const changed = this.changedAt.get(userId);
    return changed !== null && changed !== undefined && issuedAtSeconds >= Math.floor(changed / 1000);
  }

  /**
   * Records (in the database and here) that `userId`'s credentials changed now, by this process's clock: the one
   * that stamps `iat` on the tokens it issues.
   */
  async touch(userId: string): Promise<void> {
    const now = new Date();
    await this.db.query(`UPDATE users SET "credentialsChangedAt" = $2 WHERE id = $1`, [userId, now]);
    this.changedAt.set(userId, now.getTime());
  }

  /** Records that `userId` was deleted: its tokens are refused from now on. */
  forget(userId: string): void {
    this.changedAt.set(userId, null);
  }

  private async read(userId: string): Promise<number | null> {
    const [row]: Array<{ at: Date }> = await this.db.query(
      `SELECT "credentialsChangedAt" AS at FROM users WHERE id = $1`,
      [userId],
    );
    return row ? row.at.getTime() : null;
  }

  private async reload(): Promise<void> {
    const rows: Array<{ id: string; at: Date }> = await this.db.query(
      `SELECT id, "credentialsChangedAt" AS at FROM users`,
    );
    const seen = new Set<string>();
    for (const { id, at } of rows) {
      this.changedAt.set(id, at.getTime());
      seen.add(id);
    }
    for (const id of this.changedAt.keys()) if (!seen.has(id)) this.changedAt.set(id, null);
  }
}
