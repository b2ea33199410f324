import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
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
  AgentConfigView,
  AgentJobAccepted,
  AgentJobView,
  AgentStatusView,
  CLONING_ENGINE_PREFIX,
  ConfigurarOrder,
  CrearImagenOrder,
  EjecutarScriptOrder,
  InventarioHardwareOrder,
  RestaurarImagenOrder,
} from '@og/contracts';
import { AgentSecretGuard } from './agent-secret.guard';
import { CloningEngineService } from './cloning-engine.service';
import { ConfigViewDoc, JobAcceptedDoc, JobViewDoc, StatusViewDoc } from './cloning-engine.views';

/** OpenGnsys 2 agent API: `POST /CloningEngine/<nfn>` orders and status reads. Every route needs the agent secret. */
@ApiTags('CloningEngine')
@ApiSecurity('agent-secret')
@ApiUnauthorizedResponse({ description: 'missing or wrong Authorization header' })
@UseGuards(AgentSecretGuard)
@Controller(CLONING_ENGINE_PREFIX)
export class CloningEngineController {
  constructor(private readonly engine: CloningEngineService) {}

  @Post('RestaurarImagen')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Restore image nci from repository ipr onto dsk/par (runs in the background)' })
  @ApiAcceptedResponse({ type: JobAcceptedDoc })
  @ApiBadRequestResponse({ description: 'invalid parameter (named in message)' })
  @ApiConflictResponse({ description: 'a disk job is already running, or the target is mounted' })
  restaurarImagen(@Body() order: RestaurarImagenOrder): Promise<AgentJobAccepted> {
    return this.engine.restaurarImagen(order);
  }

  @Post('CrearImagen')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Capture dsk/par as image nci into repository ipr (runs in the background)' })
  @ApiAcceptedResponse({ type: JobAcceptedDoc })
  @ApiBadRequestResponse({ description: 'invalid parameter (named in message)' })
  @ApiConflictResponse({ description: 'a disk job is already running, or the source is mounted' })
  crearImagen(@Body() order: CrearImagenOrder): Promise<AgentJobAccepted> {
    return this.engine.crearImagen(order);
  }

  @Post('Configurar')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Write an MSDOS or GPT partition table on dsk and format its partitions (runs in the background)',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDoc })
  @ApiBadRequestResponse({ description: 'invalid parameter (named in message)' })
  @ApiConflictResponse({ description: 'a disk job is already running, or a partition of the disk is mounted' })
  configurar(@Body() order: ConfigurarOrder): Promise<AgentJobAccepted> {
    return this.engine.configurar(order);
  }

  @Post('InventarioHardware')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Hardware inventory with lshw and dmidecode; result.hardware is [{component, value}] (runs in the background, also while a disk job runs)',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDoc })
  @ApiBadRequestResponse({ description: 'invalid parameter (named in message)' })
  inventarioHardware(@Body() order: InventarioHardwareOrder): AgentJobAccepted {
    return this.engine.inventarioHardware(order);
  }

  @Post('EjecutarScript')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Run scp with bash (timeout OG_AGENT_SCRIPT_TIMEOUT_SECONDS); result has exitCode, stdout, stderr (last 64 KiB each); a non-zero exit fails the job',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDoc })
  @ApiBadRequestResponse({ description: 'invalid parameter (named in message)' })
  @ApiConflictResponse({ description: 'a disk job or script is already running' })
  ejecutarScript(@Body() order: EjecutarScriptOrder): AgentJobAccepted {
    return this.engine.ejecutarScript(order);
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
