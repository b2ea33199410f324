import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ImageRepositoryEntity } from '@core/modules/image-repositories/image-repository.entity';
import { OrganizationalUnitEntity } from '@core/modules/organizational-units/organizational-unit.entity';
import { SubnetEntity } from '@core/modules/subnets/subnet.entity';
import { OgLiveEntity } from '@core/modules/og-lives/og-live.entity';
import { HardwareProfileEntity } from '@core/modules/profiles/hardware-profile.entity';
import { ClientPartitionEntity } from './client-partition.entity';

/** Client status as agents report it (OpenGnsys: OFF, OPG, BSY, LNX, LNXS, WIN, WINS, OSX). */
export const CLIENT_STATUSES = [
  'off',
  'og-live',
  'busy',
  'linux',
  'linux-session',
  'windows',
  'windows-session',
  'macos',
] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

@Entity('clients')
export class ClientEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String })
  @Column({ length: 100 })
  name: string;

  /** Lower-case colon form `08:00:27:4f:be:38`. */
  @ApiProperty({ type: String })
  @Index('uq_clients_mac', { unique: true })
  @Column({ length: 17 })
  mac: string;

  @ApiProperty({ type: String })
  @Index('uq_clients_ip', { unique: true })
  @Column({ length: 45 })
  ip: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Index('ix_clients_unit')
  @Column({ type: 'uuid' })
  organizationalUnitId: string;

  @ManyToOne(() => OrganizationalUnitEntity, { onDelete: 'RESTRICT' })
  organizationalUnit?: OrganizationalUnitEntity;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  subnetId: string | null;

  @ManyToOne(() => SubnetEntity, { onDelete: 'SET NULL', nullable: true })
  subnet?: SubnetEntity | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  repositoryId: string | null;

  @ManyToOne(() => ImageRepositoryEntity, { onDelete: 'SET NULL', nullable: true })
  repository?: ImageRepositoryEntity | null;

  @ApiProperty({ type: String, enum: CLIENT_STATUSES })
  @Column({ type: 'varchar', length: 20, default: 'off' })
  status: ClientStatus;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  serialNumber: string | null;

  /** Network interface the client boots from (`eth0`, `enp0s3`). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 32, nullable: true })
  networkInterface: string | null;

  /** ogLive the client boots; null = the default one. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  ogLiveId: string | null;

  @ManyToOne(() => OgLiveEntity, { onDelete: 'SET NULL', nullable: true })
  ogLive?: OgLiveEntity | null;

  /** PXE boot template name (e.g. `ogLive`, `disk`). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  bootTemplate: string | null;

  /** In maintenance: commands to it are refused. */
  @ApiProperty({ type: Boolean })
  @Column({ default: false })
  maintenance: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  hardwareProfileId: string | null;

  @ManyToOne(() => HardwareProfileEntity, { onDelete: 'SET NULL', nullable: true })
  hardwareProfile?: HardwareProfileEntity | null;

  /** Last time the agent reported anything. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  /** Disks (partition 0) and partitions as the agent last reported them; included by `GET /clients/{id}`. */
  @ApiPropertyOptional({ type: () => [ClientPartitionEntity] })
  @OneToMany(() => ClientPartitionEntity, (p) => p.client)
  partitions?: ClientPartitionEntity[];

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /**
   * The client as `GET /clients` lists it (JSON text), kept by a database trigger on every insert and update
   * (migration ClientDocuments1796052000000); never loaded, written or answered as a field.
   */
  @ApiHideProperty()
  @Column({ type: 'text', select: false, insert: false, update: false })
  document?: string;
}
