import 'reflect-metadata';
import { InvalidEnvironmentError, loadEnv, parseListen } from '@og/nest-common';
import { createCoreApp } from './app.factory';
import { CoreEnv } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv(CoreEnv);
  const app = await createCoreApp(env);
  const { host, port } = parseListen(env.OG_CORE_LISTEN);
  await app.listen(port, host);
}

main().catch((err) => {
  process.stderr.write(
    `og-core failed to start: ${err instanceof InvalidEnvironmentError ? err.message : (err?.stack ?? err)}\n`,
  );
  process.exit(1);
});
