import { ApiProperty } from '@nestjs/swagger';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A hardware inventory as an agent reports it (`InventarioHardware`): components and their values. */
@Entity('hardware_profiles')
export class HardwareProfileEntity {
  @ApiProperty({ format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ApiProperty({ example: 'Aula Demo — Dell OptiPlex 7010' })
  @Column({ length: 255 })
  description: string;

  /** `[{component: 'cpu', value: 'Intel Core i5-3470'}, …]`. */
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { component: { type: 'string' }, value: { type: 'string' } } },
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  components: Array<{ component: string; value: string }>;

  @ApiProperty()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
