import { applyDecorators, Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  ActualizarCacheOrder,
  ActualizarOrder,
  AgentConfigView,
  AgentJobAccepted,
  AgentJobView,
  AgentNfn,
  AgentStatusView,
  ApagarOrder,
  CLONING_ENGINE_PREFIX,
  ConfigurarOrder,
  CrearImagenOrder,
  EjecutarScriptOrder,
  EliminarImagenCacheOrder,
  IniciarSesionOrder,
  InventarioHardwareOrder,
  InventarioSoftwareOrder,
  ReiniciarOrder,
  RestaurarImagenOrder,
} from '@og/contracts';
import { AgentSecretGuard } from './agent-secret.guard';
import { CloningEngineService } from './cloning-engine.service';
import { ConfigViewDoc, JobAcceptedDoc, JobViewDoc, StatusViewDoc } from './cloning-engine.views';

/** `POST /CloningEngine/<nfn>` answering 202 `{job_id}`; `conflict` documents when it answers 409. */
function OrderRoute(nfn: AgentNfn, summary: string, conflict?: string): MethodDecorator {
  return applyDecorators(
    Post(nfn),
    HttpCode(HttpStatus.ACCEPTED),
    ApiOperation({ summary }),
    ApiAcceptedResponse({ type: JobAcceptedDoc }),
    ApiBadRequestResponse({ description: 'invalid parameter (named in message)' }),
    ...(conflict ? [ApiConflictResponse({ description: conflict })] : []),
  );
}

const BUSY = 'a disk job or script is already running';

/** OpenGnsys 2 agent API: `POST /CloningEngine/<nfn>` orders and status reads. Every route needs the agent secret. */
@ApiTags('CloningEngine')
@ApiSecurity('agent-secret')
@ApiUnauthorizedResponse({ description: 'missing or wrong Authorization header' })
@UseGuards(AgentSecretGuard)
@Controller(CLONING_ENGINE_PREFIX)
export class CloningEngineController {
  constructor(private readonly engine: CloningEngineService) {}

  @OrderRoute(
    'RestaurarImagen',
    'Restore image nci from repository ipr onto dsk/par (runs in the background)',
    'a disk job is already running, or the target is mounted',
  )
  restaurarImagen(@Body() order: RestaurarImagenOrder): Promise<AgentJobAccepted> {
    return this.engine.restaurarImagen(order);
  }

  @OrderRoute(
    'CrearImagen',
    'Capture dsk/par as image nci into repository ipr (runs in the background)',
    'a disk job is already running, or the source is mounted',
  )
  crearImagen(@Body() order: CrearImagenOrder): Promise<AgentJobAccepted> {
    return this.engine.crearImagen(order);
  }

  @OrderRoute(
    'Configurar',
    'Write an MSDOS or GPT partition table on dsk and format its partitions (runs in the background)',
    'a disk job is already running, or a partition of the disk is mounted',
  )
  configurar(@Body() order: ConfigurarOrder): Promise<AgentJobAccepted> {
    return this.engine.configurar(order);
  }

  @OrderRoute(
    'InventarioHardware',
    'Hardware inventory with lshw and dmidecode; result.hardware is [{component, value}] (runs in the background, also while a disk job runs)',
  )
  inventarioHardware(@Body() order: InventarioHardwareOrder): AgentJobAccepted {
    return this.engine.inventarioHardware(order);
  }

  @OrderRoute(
    'EjecutarScript',
    'Run scp with bash (timeout OG_AGENT_SCRIPT_TIMEOUT_SECONDS); result has exitCode, stdout, stderr (last 64 KiB each); a non-zero exit fails the job',
    BUSY,
  )
  ejecutarScript(@Body() order: EjecutarScriptOrder): AgentJobAccepted {
    return this.engine.ejecutarScript(order);
  }

  @OrderRoute(
    'InventarioSoftware',
    'Software of the OS on dsk/par (dpkg, rpm, Windows uninstall keys), mounted read-only; result.software [{name, version, source}] sorted by name, result.operatingSystem (runs beside other jobs)',
    'a running disk job is writing that partition',
  )
  inventarioSoftware(@Body() order: InventarioSoftwareOrder): Promise<AgentJobAccepted> {
    return this.engine.inventarioSoftware(order);
  }

  @OrderRoute(
    'ActualizarCache',
    'Bring image nci from repository ipr into the CACHE as a UNICAST-CACHE restore does (kept when its checksums match, resumed, verified, ACTIONCACHEFULL), without restoring; result.cacheHit, transferredBytes, cacheImages',
    BUSY,
  )
  actualizarCache(@Body() order: ActualizarCacheOrder): Promise<AgentJobAccepted> {
    return this.engine.actualizarCache(order);
  }

  @OrderRoute(
    'EliminarImagenCache',
    'Delete nci.img and its .sum/.full.sum/.size/.info/.torrent and partial files from the CACHE (the job fails when the image is not there); result.cacheImages',
    BUSY,
  )
  eliminarImagenCache(@Body() order: EliminarImagenCacheOrder): AgentJobAccepted {
    return this.engine.eliminarImagenCache(order);
  }

  @OrderRoute(
    'Actualizar',
    'Read the disks again; result.disks, also announced as agent.started (runs beside other jobs)',
  )
  actualizar(@Body() order: ActualizarOrder): AgentJobAccepted {
    return this.engine.actualizar(order);
  }

  @OrderRoute(
    'Apagar',
    'Power off with OG_AGENT_POWEROFF_COMMAND, OG_AGENT_POWER_DELAY_SECONDS after the job reported',
    BUSY,
  )
  apagar(@Body() order: ApagarOrder): AgentJobAccepted {
    return this.engine.apagar(order);
  }

  @OrderRoute(
    'Reiniciar',
    'Reboot with OG_AGENT_REBOOT_COMMAND, OG_AGENT_POWER_DELAY_SECONDS after the job reported',
    BUSY,
  )
  reiniciar(@Body() order: ReiniciarOrder): AgentJobAccepted {
    return this.engine.reiniciar(order);
  }

  @OrderRoute(
    'IniciarSesion',
    'Boot the OS of dsk/par with OG_AGENT_BOOT_OS_COMMAND ({disk}, {partition}, {device}, {disk_device}), OG_AGENT_POWER_DELAY_SECONDS after the job reported',
    BUSY,
  )
  iniciarSesion(@Body() order: IniciarSesionOrder): Promise<AgentJobAccepted> {
    return this.engine.iniciarSesion(order);
  }

  @Get('status')
  @ApiOperation({ summary: 'OPG when idle, BSY while a job runs' })
  @ApiOkResponse({ type: StatusViewDoc })
  status(): AgentStatusView {
    return this.engine.status();
  }

  @Get('jobs/:jobId')
  @ApiOkResponse({ type: JobViewDoc })
  @ApiNotFoundResponse()
  job(@Param('jobId') jobId: string): AgentJobView {
    return this.engine.job(jobId);
  }

  @Post('jobs/:jobId/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Cancel a running job: kills its tools, marks a partially written target partition as incomplete (wipefs), reports job.finished failed "cancelled by operator"',
  })
  @ApiOkResponse({ type: JobViewDoc, description: 'the job as it ended (state cancelled)' })
  @ApiNotFoundResponse({ description: 'unknown job' })
  @ApiConflictResponse({ description: 'the job already finished' })
  cancel(@Param('jobId') jobId: string): Promise<AgentJobView> {
    return this.engine.cancel(jobId);
  }

  @Get('config')
  @ApiOperation({ summary: 'Identity and disks as read now' })
  @ApiOkResponse({ type: ConfigViewDoc })
  config(): Promise<AgentConfigView> {
    return this.engine.configView();
  }
}
