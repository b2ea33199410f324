import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientEntity } from '@core/modules/clients/client.entity';
import { OrganizationalUnitEntity } from './organizational-unit.entity';
import { OrganizationalUnitsController } from './organizational-units.controller';
import { OrganizationalUnitsRepository } from './organizational-units.repository';
import { OrganizationalUnitsService } from './organizational-units.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationalUnitEntity, ClientEntity])],
  controllers: [OrganizationalUnitsController],
  providers: [OrganizationalUnitsRepository, OrganizationalUnitsService],
  exports: [OrganizationalUnitsService],
})
export class OrganizationalUnitsModule {}
