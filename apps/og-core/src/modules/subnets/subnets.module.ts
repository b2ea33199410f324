import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubnetEntity } from './subnet.entity';
import { SubnetsController } from './subnets.controller';
import { SubnetsRepository } from './subnets.repository';
import { SubnetsService } from './subnets.service';

@Module({
  imports: [TypeOrmModule.forFeature([SubnetEntity])],
  controllers: [SubnetsController],
  providers: [SubnetsRepository, SubnetsService],
  exports: [SubnetsService],
})
export class SubnetsModule {}
