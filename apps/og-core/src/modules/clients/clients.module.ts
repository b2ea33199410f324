import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ImageRepositoriesModule } from '@core/modules/image-repositories/image-repositories.module';
import { OgLivesModule } from '@core/modules/og-lives/og-lives.module';
import { OrganizationalUnitsModule } from '@core/modules/organizational-units/organizational-units.module';
import { SubnetsModule } from '@core/modules/subnets/subnets.module';
import { ClientPartitionEntity } from './client-partition.entity';
import { ClientEntity } from './client.entity';
import { ClientsController } from './clients.controller';
import { ClientsRepository } from './clients.repository';
import { ClientsService } from './clients.service';
import { SubnetClientsController } from './subnet-clients.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([ClientEntity, ClientPartitionEntity]),
    OrganizationalUnitsModule,
    SubnetsModule,
    ImageRepositoriesModule,
    OgLivesModule,
  ],
  controllers: [ClientsController, SubnetClientsController],
  providers: [ClientsRepository, ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
