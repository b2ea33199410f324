import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentJobView } from '@og/contracts';
import { deleteRedisKeys, run, ServiceProcess } from '@og/testing';

/**
 * bench/imaging (started by run.sh, which builds the services and fills partition 1 of a loop disk with real files):
 * 1. capture: og-agent `CrearImagen` of partition 1 into og-repository over HTTP (check, shrink, partclone | zstd,
 *    upload with checksums, grow back) against `partclone.extfs -c -s p1 -o - | zstd -T0 -<level> > f`;
 * 2. restore: og-agent `RestaurarImagen` UNICAST-DIRECT onto partition 2 (download | zstd -d | partclone -r, grow,
 *    hostname) against `zstd -dc f | partclone.extfs -r -s - -o p2`;
 * 3. image size: ours (zstd) against `| lzop -1` (OpenGnsys' default compressor) and `| gzip -c`.
 * Each pair runs alternately {@link RUNS} times; the best of each side is compared (goal ours/raw ≤ 1.05×).
 * Prints numbers and ratios only; asserts nothing except that every run succeeded.
 */
const WORK = process.env.BENCH_WORK as string;
const DISK = process.env.BENCH_DISK as string;
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const ZSTD_LEVEL = 3; // og-agent's default OG_AGENT_ZSTD_LEVEL
const REPO_HOST = '127.0.78.1';
const REPO_PORT = 28106;
const AGENT_LISTEN = '127.0.78.2:28100';
const CORE_LISTEN = { host: '127.0.78.3', port: 28180 };
const NAME = 'bench';

const out = (line: string) => process.stdout.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0).padStart(5)} MiB`;

/** Runs `sh -c script` and returns its wall time in ms. */
async function timed(script: string): Promise<number> {
  const start = performance.now();
  await run('bash', ['-c', `set -o pipefail; ${script}`], { timeoutMs: 900_000 });
  return performance.now() - start;
}

/** og-core stand-in: accepts every webhook with 200 (the bench measures the agent, not og-core). */
async function startWebhookSink(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(CORE_LISTEN.port, CORE_LISTEN.host, resolve));
  return server;
}

/** A finished agent job: its wall time and when each stage was first seen (ms from the order). */
interface TimedJob {
  ms: number;
  stages: Array<[string, number]>;
  view: AgentJobView;
}

/** Posts an order to the agent and follows its job until it ends, polling it every 500 ms as a console would (faster polling costs the agent CPU the raw side does not pay). */
async function agentJob(secret: string, nfn: string, body: Record<string, string>): Promise<TimedJob> {
  const base = `http://${AGENT_LISTEN}/CloningEngine`;
  const headers = { 'content-type': 'application/json', authorization: secret };
  const start = performance.now();
  const res = await fetch(`${base}/${nfn}`, { method: 'POST', headers, body: JSON.stringify({ nfn, ...body }) });
  if (res.status !== 202) throw new Error(`${nfn}: ${res.status} ${await res.text()}`);
  const { job_id } = (await res.json()) as { job_id: string };
  const stages: Array<[string, number]> = [];
  for (;;) {
    const view = (await (await fetch(`${base}/jobs/${job_id}`, { headers })).json()) as AgentJobView;
    const now = performance.now() - start;
    if (stages.at(-1)?.[0] !== view.stage) stages.push([view.stage, now]);
    if (view.state !== 'running') {
      if (view.state !== 'success') throw new Error(`${nfn} ${view.state}: ${view.error}`);
      return { ms: now, stages, view };
    }
    await sleep(500);
  }
}

/** Waits until og-repository has made the auxiliary files of the captured image (status `ready`). */
async function repositoryReady(token: string): Promise<void> {
  const url = `http://${REPO_HOST}:${REPO_PORT}/ogrepository/v1/images/${NAME}`;
  for (const started = performance.now(); performance.now() - started < 600_000; await sleep(100)) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const image = res.ok ? ((await res.json()) as { status: string; invalidReason?: string }) : null;
    if (image?.status === 'ready') return;
    if (image?.status === 'invalid') throw new Error(`captured image invalid: ${image.invalidReason}`);
  }
  throw new Error('captured image not ready after 10 min');
}

/** `check 0.00 s → capture 1.20 s → finish 9.80 s`. */
const stageLine = (job: TimedJob) => job.stages.map(([s, t]) => `${s} ${(t / 1000).toFixed(2)} s`).join(' → ');

async function main(): Promise<void> {
  if (!WORK || !DISK) throw new Error('BENCH_WORK/BENCH_DISK are not set: start this with bench/imaging/run.sh');
  const [source, target] = [`${DISK}p1`, `${DISK}p2`];
  const rawImage = join(WORK, 'raw.img');
  const repoDir = join(WORK, 'repository', 'images');
  await mkdir(repoDir, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const secret = randomBytes(16).toString('hex');
  const prefix = `ogbenchimg${randomBytes(3).toString('hex')}`;

  const sink = await startWebhookSink();
  const repo = await ServiceProcess.start({
    name: 'og-repository',
    script: join(__dirname, '../../dist/apps/og-repository/main.js'),
    healthUrl: `http://${REPO_HOST}:${REPO_PORT}/health/ready`,
    env: {
      OG_REPOSITORY_LISTEN: `${REPO_HOST}:${REPO_PORT}`,
      OG_REPOSITORY_DIR: repoDir,
      OG_REPOSITORY_TOKEN: token,
      OG_QUEUE_PREFIX: prefix,
      OG_LOG_LEVEL: 'warn',
    },
  });
  const agent = await ServiceProcess.start({
    name: 'og-agent',
    script: join(__dirname, '../../dist/apps/og-agent/main.js'),
    healthUrl: `http://${AGENT_LISTEN}/health/ready`,
    env: {
      OG_AGENT_LISTEN: AGENT_LISTEN,
      OG_AGENT_DISKS: DISK,
      OG_AGENT_MAC: '02:00:00:78:00:02',
      OG_AGENT_IP: AGENT_LISTEN.split(':')[0],
      OG_AGENT_NAME: 'bench-pc',
      OG_AGENT_SECRET: secret,
      OG_AGENT_CORE_URL: `http://${CORE_LISTEN.host}:${CORE_LISTEN.port}`,
      OG_AGENT_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      OG_AGENT_REPOSITORY_PORT: String(REPO_PORT),
      OG_AGENT_REPOSITORY_TOKEN: token,
      OG_AGENT_CACHE_MOUNT: join(WORK, 'cache'),
      OG_AGENT_STATE_DIR: join(WORK, 'agent-state'),
      OG_AGENT_ZSTD_LEVEL: String(ZSTD_LEVEL),
      OG_LOG_LEVEL: 'warn',
    },
  });
  try {
    await timed(`cat '${source}' > /dev/null`); // same page-cache state for both sides
    const raw = { capture: [] as number[], restore: [] as number[] };
    const ours = { capture: [] as TimedJob[], restore: [] as TimedJob[] };
    // Each step starts after `sync`, so that nobody pays for the write-back of the previous step's dirty pages.
    const settled = async <T>(step: () => Promise<T>): Promise<T> => {
      await run('sync', []);
      return step();
    };
    for (let i = 0; i < RUNS; i++) {
      raw.capture.push(
        await settled(() =>
          timed(`partclone.extfs -c -s '${source}' -o - 2>/dev/null | zstd -q -T0 -${ZSTD_LEVEL} -c > '${rawImage}'`),
        ),
      );
      ours.capture.push(
        await settled(() => agentJob(secret, 'CrearImagen', { dsk: '1', par: '1', nci: NAME, ipr: REPO_HOST })),
      );
      await repositoryReady(token); // its auxiliary-file job must not run beside the next measurement
      raw.restore.push(
        await settled(() =>
          timed(`zstd -dc '${rawImage}' | partclone.extfs -r -s - -o '${target}' 2>/dev/null >/dev/null`),
        ),
      );
      const order = { dsk: '1', par: '2', nci: NAME, ipr: REPO_HOST, method: 'unicast-direct' };
      ours.restore.push(await settled(() => agentJob(secret, 'RestaurarImagen', order)));
    }
    await run('e2fsck', ['-fn', target]); // the restored filesystem is sound

    const best = (xs: number[]) => Math.min(...xs);
    const bestJob = (jobs: TimedJob[]) => jobs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const [capture, restore] = [bestJob(ours.capture), bestJob(ours.restore)];
    const sizes = {
      ours: (await stat(join(repoDir, `${NAME}.img`))).size,
      raw: (await stat(rawImage)).size,
    };
    out('');
    out(`best of ${RUNS} runs each, alternating raw and ours:`);
    out(`  capture  raw  partclone.extfs -c | zstd -T0 -${ZSTD_LEVEL} > f            ${secs(best(raw.capture))}`);
    out(`  capture  ours CrearImagen → og-repository (HTTP)          ${secs(capture.ms)}`);
    out(`           stages: ${stageLine(capture)}`);
    out(`  ours/raw capture ${(capture.ms / best(raw.capture)).toFixed(2)}×   (goal ≤ 1.05×)`);
    out(`  restore  raw  zstd -dc f | partclone.extfs -r               ${secs(best(raw.restore))}`);
    out(`  restore  ours RestaurarImagen UNICAST-DIRECT (HTTP)         ${secs(restore.ms)}`);
    out(`           stages: ${stageLine(restore)}`);
    out(`  ours/raw restore ${(restore.ms / best(raw.restore)).toFixed(2)}×   (goal ≤ 1.05×)`);

    const lzop = join(WORK, 'raw.lzo');
    const gzip = join(WORK, 'raw.gz');
    const lzopMs = await timed(`partclone.extfs -c -s '${source}' -o - 2>/dev/null | lzop -1 -c > '${lzop}'`);
    const gzipMs = await timed(`partclone.extfs -c -s '${source}' -o - 2>/dev/null | gzip -c > '${gzip}'`);
    const lzopSize = (await stat(lzop)).size;
    const gzipSize = (await stat(gzip)).size;
    out('');
    out('image size of the same partition:');
    out(`  ours  zstd -${ZSTD_LEVEL} (og-repository file)   ${mib(sizes.ours)}   (raw zstd: ${mib(sizes.raw).trim()})`);
    out(`  lzop -1 (OpenGnsys default)       ${mib(lzopSize)}   ${secs(lzopMs)}`);
    out(`  gzip -c (-6)                      ${mib(gzipSize)}   ${secs(gzipMs)}`);
    out(
      `  ours/lzop ${(sizes.ours / lzopSize).toFixed(2)}×, ours/gzip ${(sizes.ours / gzipSize).toFixed(2)}×   (smaller is better)`,
    );
  } finally {
    await agent.stop();
    await repo.stop();
    await deleteRedisKeys(prefix);
    await new Promise((resolve) => sink.close(resolve));
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
