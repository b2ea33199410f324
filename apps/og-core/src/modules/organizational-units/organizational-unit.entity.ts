import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Node types of the organizational tree (OpenGnsys 2). */
export const OU_TYPES = ['organizational-unit', 'classrooms-group', 'classroom', 'clients-group'] as const;
export type OrganizationalUnitType = (typeof OU_TYPES)[number];

@Entity('organizational_units')
@Index('uq_organizational_units_name', ['parentId', 'name'], { unique: true })
export class OrganizationalUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  type: OrganizationalUnitType;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrganizationalUnitEntity, { onDelete: 'RESTRICT', nullable: true })
  parent?: OrganizationalUnitEntity | null;

  /** Classroom network: default gateway (IPv4). */
  @Column({ type: 'varchar', length: 45, nullable: true })
  router: string | null;

  /** Classroom network: netmask (dotted IPv4). */
  @Column({ type: 'varchar', length: 45, nullable: true })
  netmask: string | null;

  /** Classroom network: DNS server(s), comma-separated IPv4. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  dns: string | null;

  /** Classroom network: NTP server. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  ntp: string | null;

  /** Classroom network: HTTP proxy URL. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  proxy: string | null;

  /** Multicast deploy default: UDP port (even, 9000–9098). */
  @Column({ type: 'int', default: 9000 })
  multicastPort: number;

  /** Multicast deploy default: group address; null = derived 239.194.x.y from the classroom network. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  multicastAddress: string | null;

  /** Multicast deploy default: `full-duplex` or `half-duplex`. */
  @Column({ type: 'varchar', length: 16, default: 'full-duplex' })
  multicastMode: string;

  /** Multicast deploy default: rate limit, Mbit/s. */
  @Column({ type: 'int', default: 70 })
  multicastSpeedMbps: number;

  /** Multicast deploy default: clients the sender waits for before starting. */
  @Column({ type: 'int', default: 0 })
  multicastClients: number;

  /** Multicast deploy default: seconds the sender waits for them at most. */
  @Column({ type: 'int', default: 120 })
  multicastMaxWaitSeconds: number;

  /** P2P deploy default: `seeder`, `peer`, `leecher`. */
  @Column({ type: 'varchar', length: 16, default: 'peer' })
  p2pMode: string;

  /** P2P deploy default: seconds to keep seeding after completion. */
  @Column({ type: 'int', default: 60 })
  p2pSeedTimeSeconds: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
