import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from './user.entity';

/** Persistence of users. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  count(): Promise<number> {
    return this.repo.count();
  }

  /** The user with its password hash (normally never selected). */
  findWithHash(username: string): Promise<UserEntity | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
  }

  create(username: string, passwordHash: string, roles: string[]): Promise<UserEntity> {
    return this.repo.save(this.repo.create({ username, passwordHash, roles }));
  }
}
