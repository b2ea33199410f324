import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { MinRole } from '@core/modules/access/roles';
import {
  CancelCommandDto,
  CommandAcceptedView,
  CreateImageCommandDto,
  DeployImageCommandDto,
  HardwareInventoryCommandDto,
  PartitionCommandDto,
  RunScriptCommandDto,
} from './command.dto';
import { CommandsService } from './commands.service';

@ApiTags('commands')
@ApiBearerAuth()
@MinRole('operator')
@Controller('commands')
export class CommandsController {
  constructor(private readonly commands: CommandsService) {}

  /** Partition and format a disk of each client (OpenGnsys `Configurar`). */
  @Post('partition')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async partition(@Body() dto: PartitionCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.partition(dto, user) };
  }

  /** Capture a client's partition as an image (OpenGnsys `CrearImagen`). */
  @Post('create-image')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async createImage(@Body() dto: CreateImageCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.createImage(dto, user) };
  }

  /** Deploy an image onto a partition of each client (OpenGnsys `RestaurarImagen`). */
  @Post('deploy-image')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async deployImage(@Body() dto: DeployImageCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.deployImage(dto, user) };
  }

  /** Reads each client's hardware (OpenGnsys `InventarioHardware`); the result becomes the client's hardware profile. */
  @Post('hardware-inventory')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async hardwareInventory(
    @Body() dto: HardwareInventoryCommandDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CommandAcceptedView> {
    return { traces: await this.commands.hardwareInventory(dto, user) };
  }

  /** Runs a bash script on each client in ogLive (OpenGnsys `EjecutarScript`); ou-admin or stronger. */
  @Post('run-script')
  @MinRole('ou-admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async runScript(@Body() dto: RunScriptCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.runScript(dto, user) };
  }

  /** Cancels the job an agent runs for a trace (`sent` or `in-progress`); the trace fails with "cancelled by operator". */
  @Post('cancel')
  @HttpCode(202)
  cancel(@Body() dto: CancelCommandDto, @CurrentUser() user: AuthUser): Promise<{ traceId: string; agent: string }> {
    return this.commands.cancel(dto.traceId, user);
  }
}
