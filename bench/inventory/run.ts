import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTestDatabase, deleteRedisKeys, ServiceProcess } from '@og/testing';

/**
 * bench/inventory: 10,000 clients in 100 classrooms on a real og-core (built process, real PostgreSQL and Redis),
 * then p50/p99 latency of three console reads under 20 concurrent requests. Goal: p99 < 50 ms on this machine.
 * Prints numbers only; asserts nothing.
 */
const LISTEN = process.env.BENCH_CORE_LISTEN ?? '127.0.0.1:18180';
const CLASSROOMS = 100;
const PER_CLASSROOM = 100;
const CONCURRENCY = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, nextPath: () => string, token: string): Promise<void> {
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < REQUESTS) {
      issued++;
      const t0 = performance.now();
      const res = await fetch(`${base}${nextPath()}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  process.stdout.write(
    `${name.padEnd(34)} p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   max ${latencies[latencies.length - 1].toFixed(1).padStart(6)} ms   ${(REQUESTS / seconds).toFixed(0).padStart(5)} req/s   p99 goal 50 ms: ${(p99 / 50).toFixed(2)}×\n`,
  );
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
      clients.push(...imported.clients.map((x: { id: string }) => x.id));
    }
    process.stdout.write(
      `filled ${clients.length} clients in ${classrooms.length} classrooms in ${((performance.now() - fillStart) / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(`${REQUESTS} requests each, ${CONCURRENCY} concurrent\n`);
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    await measure(
      'list a classroom (page of 100)',
      () => `/clients?organizationalUnitId=${pick(classrooms)}&itemsPerPage=100`,
      token,
    );
    await measure('get one client', () => `/clients/${pick(clients)}`, token);
    await measure('organizational unit tree', () => '/organizational-units/tree', token);
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
