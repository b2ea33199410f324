import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SoftwarePackage } from '@og/contracts';
import { ClientEntity } from '@core/modules/clients/client.entity';

/** Where a package was read (the agent's `result.software[].source`). */
export const SOFTWARE_SOURCES = ['dpkg', 'rpm', 'windows'] as const;

/**
 * A software inventory of one partition (`InventarioSoftware`, or the inventory a `CrearImagen` takes of its source):
 * the OS and its installed packages. A client partition's profile has `clientId`, `disk` and `partition` and is
 * replaced by each new inventory of that partition (one per partition); an image's profile has none of them and is
 * linked from the image (`softwareProfileId`).
 */
@Entity('software_profiles')
@Index('uq_software_profiles_slot', ['clientId', 'disk', 'partition'], { unique: true })
export class SoftwareProfileEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: 'modelo disk 1 partition 2' })
  @Column({ length: 255 })
  description: string;

  /** The OS found on the partition (`/etc/os-release` PRETTY_NAME, Windows product name); empty when none. */
  @ApiProperty({ example: 'Ubuntu 24.04.1 LTS' })
  @Column({ length: 255, default: '' })
  operatingSystem: string;

  /** Installed software sorted by name: `[{name: 'firefox', version: '133.0', source: 'dpkg'}, …]`. */
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        source: { type: 'string', enum: [...SOFTWARE_SOURCES] },
      },
    },
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  packages: SoftwarePackage[];

  /** Client whose partition this inventory describes; null for an image's profile. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE', nullable: true })
  client?: ClientEntity | null;

  /** Disk number, 1-based (OpenGnsys `dsk`), with `clientId`. */
  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'int', nullable: true })
  disk: number | null;

  /** Partition number, 1-based (OpenGnsys `par`), with `clientId`. */
  @ApiProperty({ type: Number, nullable: true })
  @Column({ type: 'int', nullable: true })
  partition: number | null;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the last inventory replaced this one's contents. */
  @ApiProperty()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
