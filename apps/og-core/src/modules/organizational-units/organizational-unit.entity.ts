import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Node types of the organizational tree (OpenGnsys 2). */
export const OU_TYPES = ['organizational-unit', 'classrooms-group', 'classroom', 'clients-group'] as const;
export type OrganizationalUnitType = (typeof OU_TYPES)[number];

@Entity('organizational_units')
@Index('uq_organizational_units_name', ['parentId', 'name'], { unique: true })
export class OrganizationalUnitEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String })
  @Column({ length: 100 })
  name: string;

  @ApiProperty({ type: String, enum: OU_TYPES })
  @Column({ type: 'varchar', length: 32 })
  type: OrganizationalUnitType;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrganizationalUnitEntity, { onDelete: 'RESTRICT', nullable: true })
  parent?: OrganizationalUnitEntity | null;

  /** Classroom network: default gateway (IPv4). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 45, nullable: true })
  router: string | null;

  /** Classroom network: netmask (dotted IPv4). */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 45, nullable: true })
  netmask: string | null;

  /** Classroom network: DNS server(s), comma-separated IPv4. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  dns: string | null;

  /** Classroom network: NTP server. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  ntp: string | null;

  /** Classroom network: HTTP proxy URL. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  proxy: string | null;

  /** Multicast deploy default: UDP port (even, 9000–9098). */
  @ApiProperty({ type: Number })
  @Column({ type: 'int', default: 9000 })
  multicastPort: number;

  /** Multicast deploy default: group address; null = derived 239.194.x.y from the classroom network. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 45, nullable: true })
  multicastAddress: string | null;

  /** Multicast deploy default: `full-duplex` or `half-duplex`. */
  @ApiProperty({ type: String })
  @Column({ type: 'varchar', length: 16, default: 'full-duplex' })
  multicastMode: string;

  /** Multicast deploy default: rate limit, Mbit/s. */
  @ApiProperty({ type: Number })
  @Column({ type: 'int', default: 70 })
  multicastSpeedMbps: number;

  /** Multicast deploy default: clients the sender waits for before starting. */
  @ApiProperty({ type: Number })
  @Column({ type: 'int', default: 0 })
  multicastClients: number;

  /** Multicast deploy default: seconds the sender waits for them at most. */
  @ApiProperty({ type: Number })
  @Column({ type: 'int', default: 120 })
  multicastMaxWaitSeconds: number;

  /** P2P deploy default: `seeder`, `peer`, `leecher`. */
  @ApiProperty({ type: String })
  @Column({ type: 'varchar', length: 16, default: 'peer' })
  p2pMode: string;

  /** P2P deploy default: seconds to keep seeding after completion. */
  @ApiProperty({ type: Number })
  @Column({ type: 'int', default: 60 })
  p2pSeedTimeSeconds: number;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
