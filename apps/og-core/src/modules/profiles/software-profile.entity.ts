import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A software inventory of one partition (`InventarioSoftware`): the OS and its installed packages. */
@Entity('software_profiles')
export class SoftwareProfileEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: 'image-test (Ubuntu 24.04)' })
  @Column({ length: 255 })
  description: string;

  @ApiProperty({ example: 'Ubuntu 24.04.1 LTS' })
  @Column({ length: 255, default: '' })
  operatingSystem: string;

  /** `[{name: 'firefox', version: '133.0'}, …]`. */
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } },
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  packages: Array<{ name: string; version: string }>;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
