import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('subnets')
@Index('uq_subnets_address', ['address', 'netmask'], { unique: true })
export class SubnetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ length: 100 })
  name: string;

  /** Network address (IPv4), e.g. `192.168.2.0`. */
  @Column({ length: 45 })
  address: string;

  /** Netmask (dotted IPv4). */
  @Column({ length: 45 })
  netmask: string;

  @Column({ type: 'varchar', length: 45, nullable: true })
  router: string | null;

  /** TFTP/PXE next-server. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  nextServer: string | null;

  /** PXE boot file name. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  bootFileName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
