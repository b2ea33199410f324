import 'reflect-metadata';
import { join } from 'node:path';
import { DemoLog, DEMO_CLIENTS, playDemo } from './play-demo';
import { DemoSuite } from './suite';

const MB = 1e6;
const keep = process.argv.includes('--keep');
const workDir = process.env.OG_DEMO_DIR ?? join('/var/tmp', `ogsuite-demo-${process.pid}`);
const started = Date.now();
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

const lastPrinted = new Map<string, string>();
const log: DemoLog = {
  step: (name) => process.stdout.write(`\n${bold(`▶ ${name}`)}\n`),
  line: (text) => process.stdout.write(`  ${text}\n`),
  progress(label, t) {
    const rate = t.rateBytesPerSecond ? `${(t.rateBytesPerSecond / MB).toFixed(1)} MB/s` : '';
    const text =
      `  [${label}] ${t.status}${t.stage ? ` · ${t.stage}` : ''} · ${Number(t.progress).toFixed(1)}% ${rate}`.trimEnd();
    if (lastPrinted.get(label) === text) return;
    lastPrinted.set(label, text);
    process.stdout.write(`${text}\n`);
  },
};

async function main(): Promise<number> {
  const suite = new DemoSuite({ workDir, clients: DEMO_CLIENTS, logLevel: process.env.OG_LOG_LEVEL ?? 'warn' });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the suite and removing loop devices, mounts and files…\n');
    await suite.stop();
    process.stdout.write('done.\n');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  try {
    process.stdout.write(bold('ogsuite demo: the OpenGnsys 2 "image-test" scenario on real disks\n'));
    const info = await suite.start();
    process.stdout.write(`og-core ${info.coreUrl} · og-repository ${info.repositoryUrl} · work dir ${workDir}\n`);
    const result = await playDemo(suite, log);
    const img = result.image;
    process.stdout.write(`\n${bold('Summary')}\n`);
    process.stdout.write(`  image-test       status ${img.status}, info ${img.info}\n`);
    process.stdout.write(
      `  image file       ${img.sizeBytes} bytes, data ${img.dataSizeBytes} bytes, filesystem ${img.filesystemSizeBytes} bytes\n`,
    );
    process.stdout.write(`  checksums        .sum ${img.sum}  .full.sum ${img.fullSum}\n`);
    process.stdout.write(`  capture trace    ${result.captureTrace.status} (${result.captureTrace.agentJobId})\n`);
    process.stdout.write(
      `  deploy trace     ${result.deployTrace.status} (${result.deployTrace.agentJobId}), method ${result.deployTrace.result?.method ?? 'UNICAST'}\n`,
    );
    process.stdout.write(
      `  files compared   ${result.filesCompared} files, ${(result.bytesCompared / MB).toFixed(1)} MB: identical\n`,
    );
    for (const t of result.timings) process.stdout.write(`  ${t.seconds.toFixed(1).padStart(7)} s  ${t.step}\n`);
    process.stdout.write(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  total\n`);
    if (!keep) {
      await stop(0);
      return 0;
    }
    process.stdout.write(`\n${bold('The suite keeps running (Ctrl-C stops it and cleans up):')}\n`);
    process.stdout.write(
      `  API        ${info.coreUrl}\n  Swagger    ${info.coreUrl}/docs\n  Repository ${info.repositoryUrl}/docs (token ${info.repositoryToken})\n`,
    );
    process.stdout.write(`  Admin      ${info.adminUser} / ${info.adminPassword}\n`);
    return new Promise<number>(() => undefined);
  } catch (err) {
    process.stderr.write(`\n✖ demo failed: ${(err as Error).message}\n\nService output:\n${suite.logs()}\n`);
    await stop(1);
    return 1;
  }
}

void main();
