import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '@core/database/bigint.transformer';
import { ClientEntity } from './client.entity';

/**
 * A disk (`partition` = 0, `code` = table type) or partition of a client, as its agent last reported it.
 * Sizes in bytes.
 */
@Entity('client_partitions')
@Index('uq_client_partitions_slot', ['clientId', 'disk', 'partition'], { unique: true })
export class ClientPartitionEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, (c) => c.partitions, { onDelete: 'CASCADE' })
  client?: ClientEntity;

  @ApiProperty({ type: Number })
  @Column({ type: 'int' })
  disk: number;

  /** 0 for the disk itself. */
  @ApiProperty({ type: Number })
  @Column({ type: 'int' })
  partition: number;

  /** Partition type code (hex, OpenGnsys `cpt`), or `MSDOS`/`GPT`/`NONE` for the disk row. */
  @ApiProperty({ type: String })
  @Column({ length: 16 })
  code: string;

  @ApiProperty({ type: String })
  @Column({ length: 32, default: '' })
  filesystem: string;

  @ApiProperty({ type: String })
  @Column({ length: 255, default: '' })
  os: string;

  @ApiProperty({ type: Number })
  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  sizeBytes: number;

  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  usedBytes: number | null;

  /** Image last restored here, if any. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  imageId: string | null;
}
