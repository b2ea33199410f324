import { Inject, Injectable, Logger, OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainException, NotFoundDomainException } from '@og/nest-common';
import type { AuthUser } from '@core/common/current-user.decorator';
import { Page } from '@core/common/pagination';
import { CORE_ENV, CoreEnv } from '@core/config/env';
import { hasRole } from '@core/modules/access/roles';
import { OrganizationalUnitsService } from '@core/modules/organizational-units/organizational-units.service';
import { CredentialChanges } from './credential-changes';
import { hashPassword, verifyPassword } from './password-hasher';
import { hashToken, newOpaqueToken } from './token-codec';
import { UserTokenEntity, UserTokenKind } from './user-token.entity';
import { CreateApiTokenDto, CreateUserDto, IssuedApiTokenView, UpdateUserDto, UserQuery } from './user.dto';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

const DAY_MS = 86_400_000;

/** Users, their passwords and tokens, and the first administrator. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly units: OrganizationalUnitsService,
    private readonly credentialChanges: CredentialChanges,
    @Inject(CORE_ENV) private readonly env: CoreEnv,
  ) {}

  /** Creates the administrator from `OG_ADMIN_USER`/`OG_ADMIN_PASSWORD` when there are no users; prints a generated password once. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.env.OG_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    await this.users.save({
      username: this.env.OG_ADMIN_USER,
      passwordHash: await hashPassword(password),
      roles: ['super-admin'],
    });
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
    const user = await this.users.findWithHash({ username });
    if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
    return user;
  }

  list(q: UserQuery): Promise<Page<UserEntity>> {
    return this.users.list(q);
  }

  /** @throws NotFoundDomainException USER_NOT_FOUND. */
  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundDomainException('USER_NOT_FOUND', `user ${id} not found`);
    return user;
  }

  async create(dto: CreateUserDto): Promise<UserEntity> {
    const units = dto.organizationalUnitIds ?? [];
    await this.checkScope(dto.roles, units);
    return this.users.save({
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      roles: dto.roles,
      organizationalUnitIds: units,
    });
  }

  /**
   * Changing the password, roles or units revokes the user's refresh and API tokens, and the access tokens issued
   * before the change are refused from then on.
   */
  async update(id: string, dto: UpdateUserDto): Promise<UserEntity> {
    const user = await this.get(id);
    const roles = dto.roles ?? user.roles;
    const units = dto.organizationalUnitIds ?? user.organizationalUnitIds;
    await this.checkScope(roles, units);
    const patch: Partial<UserEntity> = { id, roles, organizationalUnitIds: units };
    if (dto.password) patch.passwordHash = await hashPassword(dto.password);
    const saved = await this.users.save(patch);
    if (dto.password || dto.roles || dto.organizationalUnitIds) {
      await this.users.revokeAllTokens(id);
      await this.credentialChanges.touch(id);
    }
    return saved;
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.users.remove(id);
    this.credentialChanges.forget(id);
  }

  /** @throws UnauthorizedException when the current password is wrong. */
  async changeOwnPassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findWithHash({ id: userId });
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
      throw new UnauthorizedException('currentPassword is wrong');
    await this.users.save({ id: userId, passwordHash: await hashPassword(newPassword) });
    await this.users.revokeAllTokens(userId);
    await this.credentialChanges.touch(userId);
  }

  /** Issues an opaque token of `kind` for `userId`; the token is returned once, only its hash is kept. */
  async issueToken(userId: string, kind: UserTokenKind, name: string, lifetimeMs: number): Promise<IssuedApiTokenView> {
    const { token, hash } = newOpaqueToken(kind);
    const saved = await this.users.saveToken({
      userId,
      kind,
      name,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + lifetimeMs),
    });
    return { id: saved.id, token, expiresAt: saved.expiresAt };
  }

  issueApiToken(userId: string, dto: CreateApiTokenDto): Promise<IssuedApiTokenView> {
    return this.issueToken(userId, 'api', dto.name, dto.expiresInDays * DAY_MS);
  }

  listApiTokens(userId: string): Promise<UserTokenEntity[]> {
    return this.users.listTokens(userId, 'api');
  }

  /** @throws NotFoundDomainException TOKEN_NOT_FOUND. */
  async revokeApiToken(userId: string, tokenId: string): Promise<void> {
    if (!(await this.users.revokeToken(userId, tokenId)))
      throw new NotFoundDomainException('TOKEN_NOT_FOUND', `token ${tokenId} not found`);
  }

  /**
   * Resolves a live opaque token to its owner's claims; a refresh token is revoked as it is used (rotation).
   * @returns null when the token is unknown, revoked or expired.
   */
  async redeemToken(token: string, kind: UserTokenKind): Promise<AuthUser | null> {
    const live = await this.users.findLiveToken(hashToken(token), kind);
    if (!live) return null;
    if (kind === 'refresh') await this.users.revokeToken(live.userId, live.id);
    else await this.users.touchToken(live.id);
    const user = await this.users.findById(live.userId);
    return user ? toClaims(user) : null;
  }

  /** @throws DomainException USER_WITHOUT_UNITS; NotFoundDomainException for an unknown unit. */
  private async checkScope(roles: string[], units: string[]): Promise<void> {
    if (!hasRole(roles, 'super-admin') && units.length === 0)
      throw new DomainException(
        'USER_WITHOUT_UNITS',
        'organizationalUnitIds: users other than super-admin need at least one organizational unit',
      );
    for (const id of units) await this.units.get(id);
  }
}

/** Token claims of a user. */
export function toClaims(user: UserEntity): AuthUser {
  return { sub: user.id, username: user.username, roles: user.roles, units: user.organizationalUnitIds ?? [] };
}
