import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_NFN } from '@og/contracts';
import type {
  AgentConfigView,
  AgentJobAccepted,
  AgentJobStage,
  AgentJobState,
  AgentJobView,
  AgentNfn,
  AgentStatusView,
  DiskLayout,
  PartitionLayout,
  PartitionTableType,
} from '@og/contracts';

/** OpenAPI shape of {@link AgentJobAccepted}. */
export class JobAcceptedDoc implements AgentJobAccepted {
  @ApiProperty({ example: 'RestaurarImagen-dfa42888' })
  job_id: string;
}

/** OpenAPI shape of {@link AgentJobView}. */
export class JobViewDoc implements AgentJobView {
  @ApiProperty({ example: 'RestaurarImagen-dfa42888' })
  job_id: string;
  @ApiProperty({ enum: Object.values(AGENT_NFN) })
  nfn: AgentNfn;
  @ApiProperty({ nullable: true, type: String })
  ids: string | null;
  @ApiProperty({ enum: ['running', 'success', 'failed', 'cancelled'] })
  state: AgentJobState;
  @ApiProperty({
    enum: [
      'queued',
      'check',
      'partition',
      'format',
      'capture',
      'upload',
      'download',
      'checksum',
      'decompress',
      'write',
      'finish',
      'inventory',
      'script',
      'power',
    ],
  })
  stage: AgentJobStage;
  @ApiProperty({ description: '0–100 for the current stage' })
  progress: number;
  @ApiProperty({ description: 'bytes per second, 0 when unknown' })
  rateBytesPerSecond: number;
  @ApiProperty({ nullable: true, type: String })
  error: string | null;
  @ApiProperty()
  startedAt: string;
  @ApiProperty({ nullable: true, type: String })
  finishedAt: string | null;
}

/** OpenAPI shape of {@link AgentStatusView}. */
export class StatusViewDoc implements AgentStatusView {
  @ApiProperty({ enum: ['OPG', 'BSY'] })
  status: 'OPG' | 'BSY';
  @ApiProperty({ type: [JobViewDoc] })
  jobs: AgentJobView[];
}

/** OpenAPI shape of {@link PartitionLayout}. */
export class PartitionLayoutDoc implements PartitionLayout {
  @ApiProperty() disk: number;
  @ApiProperty() partition: number;
  @ApiProperty({ example: '/dev/loop3p2' }) device: string;
  @ApiProperty({ example: '83' }) code: string;
  @ApiProperty({ example: 'EXT4' }) filesystem: string;
  @ApiProperty({ example: 'Debian GNU/Linux 12 (bookworm)' }) os: string;
  @ApiProperty() startSector: number;
  @ApiProperty({ description: 'bytes' }) sizeBytes: number;
  @ApiPropertyOptional({ description: 'bytes', nullable: true, type: Number }) usedBytes: number | null;
}

/** OpenAPI shape of {@link DiskLayout}. */
export class DiskLayoutDoc implements DiskLayout {
  @ApiProperty() disk: number;
  @ApiProperty({ example: '/dev/loop3' }) device: string;
  @ApiProperty({ enum: ['MSDOS', 'GPT', 'NONE'] }) tableType: PartitionTableType;
  @ApiProperty({ description: 'bytes' }) sizeBytes: number;
  @ApiProperty({ description: 'bytes' }) sectorSize: number;
  @ApiProperty({ type: [PartitionLayoutDoc] }) partitions: PartitionLayout[];
}

/** OpenAPI shape of {@link AgentConfigView}. */
export class ConfigViewDoc implements AgentConfigView {
  @ApiProperty() mac: string;
  @ApiProperty() ip: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [DiskLayoutDoc] }) disks: DiskLayout[];
}
