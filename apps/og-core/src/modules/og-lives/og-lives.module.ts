import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OgLiveEntity } from './og-live.entity';
import { OgLivesController } from './og-lives.controller';
import { OgLivesRepository } from './og-lives.repository';
import { OgLivesService } from './og-lives.service';

@Module({
  imports: [TypeOrmModule.forFeature([OgLiveEntity])],
  controllers: [OgLivesController],
  providers: [OgLivesRepository, OgLivesService],
  exports: [OgLivesService],
})
export class OgLivesModule {}
