import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule } from '@nestjs/common';
import { REPOSITORY_CONFIG, RepositoryConfig } from '@repository/config/env';

/**
 * Registers a BullMQ queue on the configured Redis (`OG_REDIS_URL`) and key prefix (`OG_QUEUE_PREFIX`).
 * The connection is given per queue (not through `BullModule.forRoot`), so every worker gets it explicitly.
 */
export function registerRepositoryQueue(name: string): DynamicModule {
  return BullModule.registerQueueAsync({
    name,
    inject: [REPOSITORY_CONFIG],
    useFactory: (config: RepositoryConfig) => ({ connection: { url: config.redisUrl }, prefix: config.queuePrefix }),
  });
}
