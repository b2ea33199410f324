import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationalUnitsModule } from '@core/modules/organizational-units/organizational-units.module';
import { CredentialChanges } from './credential-changes';
import { UserTokenEntity } from './user-token.entity';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, UserTokenEntity]), OrganizationalUnitsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, CredentialChanges],
  exports: [UsersService, CredentialChanges],
})
export class UsersModule {}
