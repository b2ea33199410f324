import { Module } from '@nestjs/common';
import { DiskInventory } from './disk-inventory.service';

/** Reading the PC's disks. */
@Module({ providers: [DiskInventory], exports: [DiskInventory] })
export class DisksModule {}
