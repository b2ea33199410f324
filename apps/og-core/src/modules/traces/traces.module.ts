import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TraceEntity } from './trace.entity';
import { TracesController } from './traces.controller';
import { TracesRepository } from './traces.repository';
import { TracesService } from './traces.service';

@Module({
  imports: [TypeOrmModule.forFeature([TraceEntity])],
  controllers: [TracesController],
  providers: [TracesRepository, TracesService],
  exports: [TracesService],
})
export class TracesModule {}
