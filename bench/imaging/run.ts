import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
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
 * A third side, "same", runs the raw tools with the options og-agent gives them (partclone `-a0`: a zstd capture
 * relies on zstd's frame checksum instead of partclone's CRC32), so that ours/same shows what the agent and the
 * repository add to the tools (check, shrink, HTTP, checksums, grow) apart from that choice.
 * Prints numbers and ratios only; asserts nothing except that every run succeeded.
 */
const WORK = process.env.BENCH_WORK as string;
const DISK = process.env.BENCH_DISK as string;
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
/** BENCH_STEPS=capture skips the restore and the lzop/gzip comparison (quicker runs while working on capture). */
const STEPS = new Set((process.env.BENCH_STEPS ?? 'capture,restore,sizes').split(','));
const ZSTD_LEVEL = 3; // og-agent's default OG_AGENT_ZSTD_LEVEL
const REPO_HOST = '127.0.78.1';
const REPO_PORT = 28106;
const AGENT_LISTEN = '127.0.78.2:28100';
const CORE_LISTEN = { host: '127.0.78.3', port: 28180 };
const NAME = 'bench';

const out = (line: string) => process.stdout.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0).padStart(5)} MiB`;

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLK_TCK = 100;

/**
 * CPU seconds used so far by `pid` itself (utime + stime, all its threads) and by its reaped children (cutime +
 * cstime): /proc/<pid>/stat fields 14–17. Children (partclone, zstd, e2fsck, resize2fs, bash) count once waited for.
 */
async function cpuSplit(pid: number): Promise<{ self: number; children: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number); // fields from 3 (state) on
  return { self: (f[11] + f[12]) / CLK_TCK, children: (f[13] + f[14]) / CLK_TCK };
}

/** Pid of the child of this process running `script` (ServiceProcess keeps its child private). */
async function servicePid(script: string): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(script)) return Number(entry);
  }
  throw new Error(`no child process runs ${script}`);
}

/** CPU seconds of the given processes (and their reaped children) spent while `step` ran. */
async function withCpu<T>(
  pids: number[],
  step: () => Promise<T>,
): Promise<{ result: T; cpu: Array<{ self: number; children: number }> }> {
  const before = await Promise.all(pids.map(cpuSplit));
  const result = await step();
  const after = await Promise.all(pids.map(cpuSplit));
  const cpu = after.map((a, i) => ({ self: a.self - before[i].self, children: a.children - before[i].children }));
  return { result, cpu };
}

/** Runs `sh -c script` and returns its wall time in ms. */
async function timed(script: string): Promise<number> {
  const start = performance.now();
  await run('bash', ['-c', `set -o pipefail; ${script}`], { timeoutMs: 900_000 });
  return performance.now() - start;
}

/** When the stand-in og-core received each job's `job.finished` webhook (ms, performance clock), by job id. */
const finishedAt = new Map<string, number>();
const finishWaiters = new Map<string, () => void>();

/**
 * og-core stand-in: accepts every webhook with 200 (the bench measures the agent, not og-core) and notes when each
 * `job.finished` arrives: that is when og-core learns the outcome, so it is the end of an agent job's wall time.
 */
async function startWebhookSink(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event?: string; jobId?: string };
        if (event.event === 'job.finished' && event.jobId && !finishedAt.has(event.jobId)) {
          finishedAt.set(event.jobId, now);
          finishWaiters.get(event.jobId)?.();
        }
      } catch {
        /* not an event */
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
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

/**
 * Posts an order to the agent and follows its job as a console would, polling it every 500 ms (faster polling costs
 * the agent CPU the raw side does not pay); its end is when the `job.finished` webhook arrived (or, without one, the
 * poll that saw it ended).
 */
async function agentJob(secret: string, nfn: string, body: Record<string, string>): Promise<TimedJob> {
  const base = `http://${AGENT_LISTEN}/CloningEngine`;
  const headers = { 'content-type': 'application/json', authorization: secret };
  const start = performance.now();
  const res = await fetch(`${base}/${nfn}`, { method: 'POST', headers, body: JSON.stringify({ nfn, ...body }) });
  if (res.status !== 202) throw new Error(`${nfn}: ${res.status} ${await res.text()}`);
  const { job_id } = (await res.json()) as { job_id: string };
  const finished = new Promise<void>((resolve) => {
    if (finishedAt.has(job_id)) resolve();
    finishWaiters.set(job_id, resolve);
  });
  const stages: Array<[string, number]> = [];
  try {
    for (;;) {
      const view = (await (await fetch(`${base}/jobs/${job_id}`, { headers })).json()) as AgentJobView;
      const now = performance.now() - start;
      if (stages.at(-1)?.[0] !== view.stage) stages.push([view.stage, now]);
      if (view.state !== 'running') {
        if (view.state !== 'success') throw new Error(`${nfn} ${view.state}: ${view.error}`);
        const webhook = finishedAt.get(job_id);
        return { ms: webhook !== undefined ? Math.min(now, webhook - start) : now, stages, view };
      }
      await Promise.race([sleep(500), finished]);
    }
  } finally {
    finishWaiters.delete(job_id);
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
  const sameImage = join(WORK, 'raw-a0.img');
  const repoDir = join(WORK, 'repository', 'images');
  await mkdir(repoDir, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const secret = randomBytes(16).toString('hex');
  const prefix = `ogbenchimg${randomBytes(3).toString('hex')}`;

  const sink = await startWebhookSink();
  const repoScript = join(__dirname, '../../dist/apps/og-repository/main.js');
  const agentScript = join(__dirname, '../../dist/apps/og-agent/main.js');
  const repo = await ServiceProcess.start({
    name: 'og-repository',
    script: repoScript,
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
    script: agentScript,
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
    const [agentPid, repoPid] = await Promise.all([servicePid(agentScript), servicePid(repoScript)]);
    await timed(`cat '${source}' > /dev/null`); // same page-cache state for both sides
    // raw: the pipelines (partclone's default CRC32 per block); same: the raw tools with our options (-a0)
    const raw = { capture: [] as number[], restore: [] as number[] };
    const same = { capture: [] as number[], restore: [] as number[] };
    const ours = { capture: [] as TimedJob[], restore: [] as TimedJob[] };
    // CPU seconds per run: raw = this process's reaped children (bash and its pipeline); ours = [agent, repository]
    type Cpu = { self: number; children: number };
    const cpu = { raw: [] as number[], same: [] as number[], ours: [] as Cpu[][], aux: [] as number[] };
    const total = (c: Cpu) => c.self + c.children;
    // Each step starts after `sync`, so that nobody pays for the write-back of the previous step's dirty pages.
    const settled = async <T>(step: () => Promise<T>): Promise<T> => {
      await run('sync', []);
      return step();
    };
    for (let i = 0; i < RUNS; i++) {
      const rawRun = await settled(() =>
        withCpu([process.pid], () =>
          timed(`partclone.extfs -c -s '${source}' -o - 2>/dev/null | zstd -q -T0 -${ZSTD_LEVEL} -c > '${rawImage}'`),
        ),
      );
      raw.capture.push(rawRun.result);
      cpu.raw.push(total(rawRun.cpu[0]));
      const sameRun = await settled(() =>
        withCpu([process.pid], () =>
          timed(
            `partclone.extfs -a0 -c -s '${source}' -o - 2>/dev/null | zstd -q -T0 -${ZSTD_LEVEL} --check -c > '${sameImage}'`,
          ),
        ),
      );
      same.capture.push(sameRun.result);
      cpu.same.push(total(sameRun.cpu[0]));
      const oursRun = await settled(() =>
        withCpu([agentPid, repoPid], () =>
          agentJob(secret, 'CrearImagen', { dsk: '1', par: '1', nci: NAME, ipr: REPO_HOST }),
        ),
      );
      ours.capture.push(oursRun.result);
      cpu.ours.push(oursRun.cpu);
      // its auxiliary-file job must not run beside the next measurement
      cpu.aux.push(total((await withCpu([repoPid], () => repositoryReady(token))).cpu[0]));
      if (!STEPS.has('restore')) continue;
      raw.restore.push(
        await settled(() =>
          timed(`zstd -dc '${rawImage}' | partclone.extfs -r -s - -o '${target}' 2>/dev/null >/dev/null`),
        ),
      );
      same.restore.push(
        await settled(() =>
          timed(`zstd -dc '${sameImage}' | partclone.extfs -r -s - -o '${target}' 2>/dev/null >/dev/null`),
        ),
      );
      const order = { dsk: '1', par: '2', nci: NAME, ipr: REPO_HOST, method: 'unicast-direct' };
      ours.restore.push(await settled(() => agentJob(secret, 'RestaurarImagen', order)));
    }
    if (STEPS.has('restore')) await run('e2fsck', ['-fn', target]); // the restored filesystem is sound

    const best = (xs: number[]) => Math.min(...xs);
    const bestJob = (jobs: TimedJob[]) => jobs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const capture = bestJob(ours.capture);
    const sizes = {
      ours: (await stat(join(repoDir, `${NAME}.img`))).size,
      raw: (await stat(rawImage)).size,
    };
    out('');
    out(`best of ${RUNS} runs each, alternating raw and ours:`);
    out(`  capture  raw  partclone.extfs -c | zstd -T0 -${ZSTD_LEVEL} > f            ${secs(best(raw.capture))}`);
    out(`  capture  same partclone.extfs -a0 -c | zstd -T0 -${ZSTD_LEVEL} > f        ${secs(best(same.capture))}`);
    out(`  capture  ours CrearImagen → og-repository (HTTP)          ${secs(capture.ms)}`);
    out(`           stages: ${stageLine(capture)}`);
    out(`  ours/raw capture ${(capture.ms / best(raw.capture)).toFixed(2)}×   (goal ≤ 1.05×)`);
    out(
      `  ours/same capture ${(capture.ms / best(same.capture)).toFixed(2)}×   (our overhead over the tools we run: check, shrink, HTTP, grow)`,
    );
    const cpuLine = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    const oursCpu = cpu.ours.map(([a, r]) => total(a) + total(r));
    const part = (pick: (c: Cpu[]) => number) => cpuLine(cpu.ours.map(pick));
    out(`  capture CPU s per run  raw: ${cpuLine(cpu.raw)}`);
    out(`                         same: ${cpuLine(cpu.same)}`);
    out(`                         ours: ${cpuLine(oursCpu)}`);
    out(
      `    agent Node ${part((c) => c[0].self)}; its children (tools, uploader) ${part((c) => c[0].children)}; repository with its children (upload receiver) ${part((c) => total(c[1]))}`,
    );
    out(`  ours/raw capture CPU ${(best(oursCpu) / best(cpu.raw)).toFixed(2)}× (best of each)`);
    out(`  repository auxiliary-file job after each capture (not in the capture time) CPU s: ${cpuLine(cpu.aux)}`);
    if (STEPS.has('restore')) {
      const restore = bestJob(ours.restore);
      out(`  restore  raw  zstd -dc f | partclone.extfs -r               ${secs(best(raw.restore))}`);
      out(`  restore  same zstd -dc f(-a0) | partclone.extfs -r          ${secs(best(same.restore))}`);
      out(`  restore  ours RestaurarImagen UNICAST-DIRECT (HTTP)         ${secs(restore.ms)}`);
      out(`           stages: ${stageLine(restore)}`);
      out(`  ours/raw restore ${(restore.ms / best(raw.restore)).toFixed(2)}×   (goal ≤ 1.05×)`);
      out(`  ours/same restore ${(restore.ms / best(same.restore)).toFixed(2)}×`);
    }
    if (!STEPS.has('sizes')) return;

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
