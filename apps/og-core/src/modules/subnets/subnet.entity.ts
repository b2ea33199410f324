import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('subnets')
@Index('uq_subnets_address', ['address', 'netmask'], { unique: true })
export class SubnetEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String })
  @Column({ length: 100 })
  name: string;

  /** Network address (IPv4), e.g. `192.168.2.0`. */
  @ApiProperty({ type: String })
  @Column({ length: 45 })
  address: string;

  /** Netmask (dotted IPv4). */
  @ApiProperty({ type: String })
  @Column({ length: 45 })
  netmask: string;

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 45, nullable: true })
  router: string | null;

  /** TFTP/PXE next-server. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 45, nullable: true })
  nextServer: string | null;

  /** PXE boot file name. */
  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  bootFileName: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
