import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ILike, IsNull, Repository } from 'typeorm';
import { Page, pageWindow } from '@core/common/pagination';
import { UserTokenEntity, UserTokenKind } from './user-token.entity';
import { UserQuery } from './user.dto';
import { UserEntity } from './user.entity';

/** Persistence of users and their tokens. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>,
    @InjectRepository(UserTokenEntity) private readonly tokens: Repository<UserTokenEntity>,
  ) {}

  count(): Promise<number> {
    return this.repo.count();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The user with its password hash (normally never selected). */
  findWithHash(where: { username?: string; id?: string }): Promise<UserEntity | null> {
    const qb = this.repo.createQueryBuilder('u').addSelect('u.passwordHash');
    if (where.id) qb.where('u.id = :id', { id: where.id });
    else qb.where('u.username = :username', { username: where.username });
    return qb.getOne();
  }

  async list(q: UserQuery): Promise<Page<UserEntity>> {
    const [items, total] = await this.repo.findAndCount({
      where: q.username ? { username: ILike(`%${q.username}%`) } : {},
      order: { username: 'ASC' },
      ...pageWindow(q),
    });
    return { items, total, page: q.page, itemsPerPage: q.itemsPerPage };
  }

  async save(user: Partial<UserEntity>): Promise<UserEntity> {
    const saved = await this.repo.save(this.repo.create(user));
    return (await this.findById(saved.id))!;
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  saveToken(token: Partial<UserTokenEntity>): Promise<UserTokenEntity> {
    return this.tokens.save(this.tokens.create(token));
  }

  /** A token by its hash, unless revoked or expired. */
  findLiveToken(tokenHash: string, kind: UserTokenKind): Promise<UserTokenEntity | null> {
    return this.tokens
      .createQueryBuilder('t')
      .where('t.tokenHash = :tokenHash AND t.kind = :kind AND t.revokedAt IS NULL AND t.expiresAt > now()', {
        tokenHash,
        kind,
      })
      .getOne();
  }

  listTokens(userId: string, kind: UserTokenKind): Promise<UserTokenEntity[]> {
    return this.tokens.find({ where: { userId, kind, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  async touchToken(id: string): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: new Date() });
  }

  /** Revokes a token; returns false when it was not a live token of `userId`. */
  async revokeToken(userId: string, id: string): Promise<boolean> {
    const res = await this.tokens.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (res.affected ?? 0) > 0;
  }

  async revokeAllTokens(userId: string): Promise<void> {
    await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
