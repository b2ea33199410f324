import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { formatImageInfo } from '@og/contracts';

@Module({})
class M {}
async function main() {
  const app = await NestFactory.create(M);
  console.log(formatImageInfo({ tool: 'PARTCLONE', compressor: 'ZSTD', filesystem: 'EXTFS', dataSizeKb: 1 }));
  await app.close();
}
void main();
