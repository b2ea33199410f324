import { Module } from '@nestjs/common';
import { ClientsModule } from '@core/modules/clients/clients.module';
import { DispatchModule } from '@core/modules/dispatch/dispatch.module';
import { ImageRepositoriesModule } from '@core/modules/image-repositories/image-repositories.module';
import { ImagesModule } from '@core/modules/images/images.module';
import { TracesModule } from '@core/modules/traces/traces.module';
import { CommandsController } from './commands.controller';
import { CommandsService } from './commands.service';

@Module({
  imports: [ClientsModule, ImagesModule, ImageRepositoriesModule, TracesModule, DispatchModule],
  controllers: [CommandsController],
  providers: [CommandsService],
})
export class CommandsModule {}
