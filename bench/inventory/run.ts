import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { Client } from 'pg';
import { createTestDatabase, deleteRedisKeys, run, ServiceProcess } from '@og/testing';
import { cpuSnapshot, initCpuClock, pidListeningOn } from './cpu-time';

/**
 * bench/inventory: 10,000 clients in 100 classrooms on a real og-core (built process, real PostgreSQL and Redis),
 * then p50/p99 latency of three console reads under 20 concurrent connections, measured by wrk. Goal: p99 < 50 ms on this machine.
 * Also prints the CPU time og-core and its PostgreSQL backends spend per request: latency grows with whatever else
 * runs on the machine, CPU per request hardly does. Prints numbers only; asserts nothing.
 */
const LISTEN = process.env.BENCH_CORE_LISTEN ?? '127.0.0.1:18180';
const CLASSROOMS = 100;
const PER_CLASSROOM = 100;
const CONCURRENCY = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const base = `http://${LISTEN}`;

async function call(token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Whose CPU time is counted: og-core's process and the PostgreSQL backends of the bench database. */
interface CpuWatch {
  corePid: number;
  database: string;
}

/**
 * Runs wrk (20 connections, 1 thread: the other core serves) over random `paths` and prints p50/p99 against the
 * 50 ms goal, with og-core's and PostgreSQL's CPU ms per request.
 */
async function measure(name: string, paths: string[], token: string, cpu: CpuWatch): Promise<void> {
  const file = join(tmpdir(), `og-bench-${process.pid}.paths`);
  writeFileSync(file, `${paths.join('\n')}\n`);
  const before = cpuSnapshot(cpu.corePid, cpu.database);
  const out = await run(
    'wrk',
    ['-t1', `-c${CONCURRENCY}`, `-d${SECONDS}s`, '-s', join(__dirname, 'random-paths.lua'), base],
    {
      timeoutMs: (SECONDS + 30) * 1000,
      env: { BENCH_PATHS: file, BENCH_TOKEN: token },
    },
  );
  const after = cpuSnapshot(cpu.corePid, cpu.database);
  rmSync(file, { force: true });
  const r = JSON.parse(out.split('JSON ')[1]) as {
    p50: number;
    p99: number;
    max: number;
    requests: number;
    seconds: number;
    errors: number;
    non2xx: number;
  };
  if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} socket errors`);
  const ms = (us: number) => (us / 1000).toFixed(1).padStart(6);
  const perRequest = (total: number) => (total / r.requests).toFixed(2);
  process.stdout.write(
    `${name.padEnd(34)} p50 ${ms(r.p50)} ms   p99 ${ms(r.p99)} ms   max ${ms(r.max)} ms   ${(r.requests / r.seconds).toFixed(0).padStart(5)} req/s   p99/goal(50 ms) ${(r.p99 / 1000 / 50).toFixed(2)}×` +
      `   CPU/request: og-core ${perRequest(after.core - before.core)} ms, PostgreSQL ${perRequest(after.postgres - before.postgres)} ms\n`,
  );
}

/** Client rows changed per second while the last list is measured (as agents' status reports would). */
const REPORTS_PER_SECOND = 100;

/**
 * Changes a random client's `lastSeenAt` {@link REPORTS_PER_SECOND} times a second straight in PostgreSQL, as og-core
 * does for each agent report, until `stop()`; returns how many rows it changed.
 */
async function reportClientsContinuously(url: string, ids: string[]): Promise<{ stop: () => Promise<number> }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  let changed = 0;
  let stopped = false;
  const loop = (async () => {
    for (let next = performance.now(); !stopped; next += 1000 / REPORTS_PER_SECOND) {
      const id = ids[Math.floor(Math.random() * ids.length)];
      await db.query(`UPDATE clients SET "lastSeenAt" = now() WHERE id = $1`, [id]);
      changed++;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await db.end();
      return changed;
    },
  };
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const prefix = `ogbench${randomBytes(3).toString('hex')}`;
  const core = await ServiceProcess.start({
    name: 'og-core',
    script: join(__dirname, '../../dist/apps/og-core/main.js'),
    healthUrl: `${base}/health/ready`,
    env: {
      OG_CORE_LISTEN: LISTEN,
      OG_DATABASE_URL: db.url,
      OG_QUEUE_PREFIX: prefix,
      OG_JWT_SECRET: randomBytes(32).toString('hex'),
      OG_ADMIN_PASSWORD: 'bench-password',
      OG_AGENT_SECRET: randomBytes(16).toString('hex'),
      OG_AGENT_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      OG_REPOSITORY_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      OG_LOG_LEVEL: 'warn',
    },
  });
  try {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'bench-password' }),
    });
    const { accessToken: token } = (await login.json()) as { accessToken: string };
    const fillStart = performance.now();
    const centre = await call(token, 'POST', '/organizational-units', { name: 'Campus', type: 'organizational-unit' });
    const classrooms: string[] = [];
    const clients: string[] = [];
    for (let c = 0; c < CLASSROOMS; c++) {
      const aula = await call(token, 'POST', '/organizational-units', {
        name: `Aula ${c}`,
        type: 'classroom',
        parentId: centre.id,
        router: `10.${c}.0.1`,
        netmask: '255.255.255.0',
      });
      classrooms.push(aula.id);
      const rows = Array.from({ length: PER_CLASSROOM }, (_, i) => {
        const n = c * PER_CLASSROOM + i;
        return `pc-${c}-${i},02:00:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')},10.${c}.0.${i + 10}`;
      });
      const imported = await call(token, 'POST', '/clients/import', {
        organizationalUnitId: aula.id,
        csv: `name,mac,ip\n${rows.join('\n')}`,
      });
      clients.push(...imported.clients.map((x: { id: string }) => `/clients/${x.id}`));
    }
    process.stdout.write(
      `filled ${clients.length} clients in ${classrooms.length} classrooms in ${((performance.now() - fillStart) / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(
      `wrk: ${SECONDS} s each, ${CONCURRENCY} connections; load average ${loadavg()[0].toFixed(1)}\n`,
    );
    await initCpuClock();
    const cpu = {
      corePid: await pidListeningOn(Number(LISTEN.split(':')[1])),
      database: new URL(db.url).pathname.slice(1),
    };
    await measure(
      'list a classroom (page of 100)',
      classrooms.map((id) => `/clients?organizationalUnitId=${id}&itemsPerPage=100`),
      token,
      cpu,
    );
    await measure('get one client', clients, token, cpu);
    await measure('organizational unit tree', ['/organizational-units/tree'], token, cpu);
    // Pages and the tree are reused while their rows do not change; here agents' reports keep changing clients.
    const reports = await reportClientsContinuously(
      db.url,
      clients.map((path) => path.split('/')[2]),
    );
    try {
      await measure(
        `list a classroom, ${REPORTS_PER_SECOND} client reports/s`,
        classrooms.map((id) => `/clients?organizationalUnitId=${id}&itemsPerPage=100`),
        token,
        cpu,
      );
    } finally {
      process.stdout.write(`  (${await reports.stop()} client rows changed during that run)\n`);
    }
  } finally {
    await core.stop();
    await db.drop();
    await deleteRedisKeys(prefix);
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
