import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@core/common/current-user.decorator';
import { MinRole } from '@core/modules/access/roles';
import {
  BootOsCommandDto,
  CancelCommandDto,
  ClientsCommandDto,
  CommandAcceptedView,
  CreateImageCommandDto,
  DeleteCacheImageCommandDto,
  DeployImageCommandDto,
  HardwareInventoryCommandDto,
  PartitionCommandDto,
  RunScriptCommandDto,
  SoftwareInventoryCommandDto,
  UpdateCacheCommandDto,
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

  /** Lists the software of a partition of each client (OpenGnsys `InventarioSoftware`); the result becomes its software profile. */
  @Post('software-inventory')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async softwareInventory(
    @Body() dto: SoftwareInventoryCommandDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CommandAcceptedView> {
    return { traces: await this.commands.softwareInventory(dto, user) };
  }

  /** Brings an image into each client's CACHE without restoring it (OpenGnsys `updateCache`, agent `ActualizarCache`). */
  @Post('update-cache')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async updateCache(@Body() dto: UpdateCacheCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.updateCache(dto, user) };
  }

  /** Deletes an image from each client's CACHE (OpenGnsys `EliminarImagenCache`); the trace result lists what is left. */
  @Post('delete-cache-image')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async deleteCacheImage(
    @Body() dto: DeleteCacheImageCommandDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CommandAcceptedView> {
    return { traces: await this.commands.deleteCacheImage(dto, user) };
  }

  /** Boots the OS installed on a partition of each client (OpenGnsys `IniciarSesion`). */
  @Post('boot-os')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async bootOs(@Body() dto: BootOsCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.bootOs(dto, user) };
  }

  /** Powers each client off (OpenGnsys `Apagar`); the client is `off` once its agent reports success. */
  @Post('power-off')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async powerOff(@Body() dto: ClientsCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.powerOff(dto, user) };
  }

  /** Reboots each client (OpenGnsys `Reiniciar`). */
  @Post('reboot')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async reboot(@Body() dto: ClientsCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.reboot(dto, user) };
  }

  /** Asks each client's agent to read its disks again (OpenGnsys `Actualizar`); the result replaces its partitions. */
  @Post('refresh')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CommandAcceptedView })
  async refresh(@Body() dto: ClientsCommandDto, @CurrentUser() user: AuthUser): Promise<CommandAcceptedView> {
    return { traces: await this.commands.refresh(dto, user) };
  }

  /** Cancels the job an agent runs for a trace (`sent` or `in-progress`); the trace fails with "cancelled by operator". */
  @Post('cancel')
  @HttpCode(202)
  cancel(@Body() dto: CancelCommandDto, @CurrentUser() user: AuthUser): Promise<{ traceId: string; agent: string }> {
    return this.commands.cancel(dto.traceId, user);
  }
}
