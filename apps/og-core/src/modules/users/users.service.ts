import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { hashPassword, verifyPassword } from './password-hasher';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** Users and the first administrator. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    @Inject(CORE_ENV) private readonly env: CoreEnv,
  ) {}

  /** Creates the administrator from `OG_ADMIN_USER`/`OG_ADMIN_PASSWORD` when there are no users; prints a generated password once. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.env.OG_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    await this.users.create(this.env.OG_ADMIN_USER, await hashPassword(password), ['super-admin']);
    if (!this.env.OG_ADMIN_PASSWORD) {
      // Printed once, on purpose, to stdout only: there is no other way to learn it.
      process.stdout.write(
        `\nog-core: created administrator "${this.env.OG_ADMIN_USER}" with password: ${password}\n\n`,
      );
    }
    this.logger.log(`administrator "${this.env.OG_ADMIN_USER}" created`);
  }

  /** The user when `password` is right, else null. */
  async verify(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.users.findWithHash(username);
    if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
    return user;
  }
}
