import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { InvalidEnvironmentError } from '@og/nest-common';
import { createRepositoryApp } from '@repository/app.factory';
import { loadRepositoryConfig } from '@repository/config/env';

async function main(): Promise<void> {
  const config = loadRepositoryConfig();
  const app = await createRepositoryApp(config);
  await app.listen(config.listen.port, config.listen.host);
  new Logger('og-repository').log(
    { listen: config.listen, dir: config.dir, webhooks: !!config.webhookUrl },
    'og-repository listening',
  );
}

main().catch((err: Error) => {
  console.error(err instanceof InvalidEnvironmentError ? err.message : err.stack);
  process.exit(1);
});
