import 'reflect-metadata';
import { InvalidEnvironmentError } from '@og/nest-common';
import { createAgentApp } from './app.factory';
import { loadAgentConfig } from './config/env';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAgentConfig();
  } catch (err) {
    if (err instanceof InvalidEnvironmentError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createAgentApp(config);
  await app.listen(config.listen.port, config.listen.host);
}

void bootstrap();
