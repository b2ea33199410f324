import 'reflect-metadata';
import bencode from 'bencode';
import { Queue } from 'bullmq';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUES } from '@og/contracts';
import { deleteRedisKeys, expectEventually, run, ServiceProcess } from '@og/testing';

/**
 * bench/repository (started by run.sh, which builds the image and og-repository): on one ≥ 1 GiB image,
 * 1. og-repository's auxiliary-file job (one read: .sum, .full.sum, .size, .info, .torrent, plus the stream check,
 *    BENCH_STREAM_CHECK=frames|full) against `md5sum f` + `tail -c1M f | md5sum` + `mktorrent -l 22` run one after the
 *    other, warm cache, in BENCH_RUNS rounds of raw tools then ours; goal ours/raw ≤ 1.0×;
 * 2. download rate of `GET /ogrepository/v1/images/<name>/file` against nginx (sendfile) serving the same file,
 *    measured with the same client (curl), 1 and 4 concurrent downloads, in rounds of nginx then ours; goal
 *    ours/nginx ≥ 0.95×.
 * Prints numbers and ratios only; asserts nothing (except that both sides produced the same bytes).
 */
const WORK = process.env.BENCH_WORK as string;
const HOST = '127.0.77.1';
const REPO_LISTEN = `${HOST}:28006`;
const NGINX_LISTEN = `${HOST}:28080`;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONCURRENT = 4;
const NAME = 'bench';
/** og-repository's OG_REPOSITORY_STREAM_CHECK for the run: `frames` (its default) or `full` (zstd -t in the pass). */
const STREAM_CHECK = process.env.BENCH_STREAM_CHECK ?? 'frames';
const IMAGE = join(WORK ?? '', 'image.img');

const out = (line: string) => process.stdout.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const rate = (bytesPerSecond: number) => `${(bytesPerSecond / 1e6).toFixed(0).padStart(5)} MB/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `sh -c script`, returning its stdout and wall time. */
async function timed(script: string): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  const stdout = await run('sh', ['-c', script], { timeoutMs: 600_000 });
  return { ms: performance.now() - start, stdout };
}

/** The `pieces` of a .torrent. */
function torrentPieces(torrent: Buffer): Buffer {
  return (bencode.decode(torrent) as { info: { pieces: Buffer } }).info.pieces;
}

/** Starts nginx (one worker, sendfile) serving `WORK` on {@link NGINX_LISTEN}; resolves once it answers. */
async function startNginx(): Promise<() => Promise<void>> {
  const prefix = join(WORK, 'nginx');
  await mkdir(join(prefix, 'logs'), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 64; }
http {
  sendfile on;
  tcp_nopush on;
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server { listen ${NGINX_LISTEN}; root ${WORK}; }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await expectEventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        const res = await fetch(`http://${NGINX_LISTEN}/image.img`, { method: 'HEAD' });
        if (res.status !== 200) throw new Error(`nginx answered ${res.status}`);
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
  };
}

/** One curl download to /dev/null: bytes and rate as curl reports them. */
async function curl(url: string, token?: string): Promise<{ bytes: number; bytesPerSecond: number }> {
  const args = ['-s', '-f', '-o', '/dev/null', '-w', '%{size_download} %{speed_download}'];
  if (token) args.push('-H', `Authorization: Bearer ${token}`);
  const [bytes, speed] = (await run('curl', [...args, url], { timeoutMs: 600_000 })).trim().split(' ').map(Number);
  return { bytes, bytesPerSecond: speed };
}

/** One download, and {@link CONCURRENT} at once: bytes per second (total bytes / wall time for the concurrent ones). */
async function downloadOnce(
  url: string,
  size: number,
  token?: string,
): Promise<{ single: number; concurrent: number }> {
  const one = await curl(url, token);
  if (one.bytes !== size) throw new Error(`${url}: ${one.bytes} bytes of ${size}`);
  const start = performance.now();
  const many = await Promise.all(Array.from({ length: CONCURRENT }, () => curl(url, token)));
  const ms = performance.now() - start;
  if (many.some((d) => d.bytes !== size)) throw new Error(`${url}: a concurrent download was short`);
  return { single: one.bytesPerSecond, concurrent: (CONCURRENT * size) / (ms / 1000) };
}

/**
 * {@link RUNS} rounds, each downloading from nginx then from og-repository (so both see the same load on a shared
 * machine): medians of each side and of the per-round ratios.
 */
async function downloadRounds(nginxUrl: string, oursUrl: string, size: number, token: string) {
  const rounds: Array<{ nginx: { single: number; concurrent: number }; ours: { single: number; concurrent: number } }> =
    [];
  for (let i = 0; i < RUNS; i++)
    rounds.push({ nginx: await downloadOnce(nginxUrl, size), ours: await downloadOnce(oursUrl, size, token) });
  const side = (k: 'nginx' | 'ours', m: 'single' | 'concurrent') => median(rounds.map((r) => r[k][m]));
  const ratio = (m: 'single' | 'concurrent') => median(rounds.map((r) => r.ours[m] / r.nginx[m]));
  return { side, ratio };
}

async function main(): Promise<void> {
  if (!WORK) throw new Error('BENCH_WORK is not set: start this with bench/repository/run.sh');
  const size = (await stat(IMAGE)).size;
  const head = (await run('sh', ['-c', `head -c4 '${IMAGE}' | od -An -tx1`])).trim();
  out(
    `image: ${(size / 2 ** 30).toFixed(2)} GiB (${size} bytes, ${head === '28 b5 2f fd' ? 'partclone | zstd' : 'partclone'}), warm page cache`,
  );
  await timed(`cat '${IMAGE}' > /dev/null`); // warm the cache once

  const zstdTest = head === '28 b5 2f fd' ? await timed(`zstd -t -q '${IMAGE}'`) : null;
  const torrentPath = join(WORK, 't.torrent');

  // og-repository, started once; each round drops the same file in by hand under a new name (hard link under another
  // name, then renamed to <name>-<round>.img)
  const token = randomBytes(16).toString('hex');
  const prefix = `ogbenchrepo${randomBytes(3).toString('hex')}`;
  const dir = join(WORK, 'repository', 'images');
  await mkdir(dir, { recursive: true });
  const repo = await ServiceProcess.start({
    name: 'og-repository',
    script: join(__dirname, '../../dist/apps/og-repository/main.js'),
    healthUrl: `http://${REPO_LISTEN}/health/ready`,
    env: {
      OG_REPOSITORY_LISTEN: REPO_LISTEN,
      OG_REPOSITORY_DIR: dir,
      OG_REPOSITORY_TOKEN: token,
      OG_QUEUE_PREFIX: prefix,
      OG_REPOSITORY_WATCH_STABLE_MS: '100',
      OG_REPOSITORY_STREAM_CHECK: STREAM_CHECK,
      OG_LOG_LEVEL: 'warn',
    },
  });
  const queue = new Queue(QUEUES.auxiliaryFiles, { connection: { host: '127.0.0.1', port: 6379 }, prefix });
  let stopNginx: (() => Promise<void>) | null = null;
  try {
    const auth = { authorization: `Bearer ${token}` };
    const imageUrl = (name: string) => `http://${REPO_LISTEN}/ogrepository/v1/images/${name}`;
    const rounds: Array<{ md5: number; tail: number; mk: number; raw: number; ours: number; job: number | null }> = [];
    for (let round = 0; round < RUNS; round++) {
      // raw tools, one after the other, then ours, so both sides see the same load (the machine is shared)
      const md5 = await timed(`md5sum '${IMAGE}'`);
      const tail = await timed(`tail -c1M '${IMAGE}' | md5sum`);
      const mk = await timed(
        `rm -f '${torrentPath}' && mktorrent -l 22 -a http://x/announce -o '${torrentPath}' '${IMAGE}' >/dev/null`,
      );
      const name = `${NAME}-${round}`;
      await link(IMAGE, join(dir, `${name}.img.part`));
      const dropped = performance.now();
      await rename(join(dir, `${name}.img.part`), join(dir, `${name}.img`));
      let image: { status: string; fullSum: string | null; sum: string | null; invalidReason: string | null };
      for (;;) {
        const res = await fetch(imageUrl(name), { headers: auth });
        if (res.ok) {
          image = (await res.json()) as typeof image;
          if (image.status === 'ready') break;
          if (image.status === 'invalid') throw new Error(`image invalid: ${image.invalidReason}`);
        }
        if (performance.now() - dropped > 600_000) throw new Error('image not ready after 10 min');
        await sleep(100); // og-core does not poll: a tight loop would compete with the job for the event loop and the thread pool
      }
      const ours = performance.now() - dropped;
      const [job] = await queue.getJobs(['completed'], 0, 0);
      const jobMs =
        job?.data.name === name && job.processedOn && job.finishedOn ? job.finishedOn - job.processedOn : null;
      const torrent = Buffer.from(
        await (await fetch(`${imageUrl(name)}/file/torrent`, { headers: auth })).arrayBuffer(),
      );
      const same =
        image.fullSum === md5.stdout.split(' ')[0] &&
        image.sum === tail.stdout.split(' ')[0] &&
        torrentPieces(torrent).equals(torrentPieces(await readFile(torrentPath)));
      if (!same) throw new Error('our .full.sum, .sum or torrent pieces differ from md5sum / mktorrent');
      rounds.push({ md5: md5.ms, tail: tail.ms, mk: mk.ms, raw: md5.ms + tail.ms + mk.ms, ours, job: jobMs });
    }
    const med = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
    const raw = med((r) => r.raw);
    const jobs = rounds.map((r) => r.job).filter((j): j is number => j !== null);

    out('');
    out(
      `auxiliary files (.sum, .full.sum, .size, .info, .torrent), same results on both sides; stream check: ${STREAM_CHECK}; median of ${RUNS} rounds:`,
    );
    out(`  md5sum f                          ${secs(med((r) => r.md5))}   ${rate(size / (med((r) => r.md5) / 1000))}`);
    out(`  tail -c1M f | md5sum              ${secs(med((r) => r.tail))}`);
    out(`  mktorrent -l 22 f                 ${secs(med((r) => r.mk))}   ${rate(size / (med((r) => r.mk) / 1000))}`);
    out(`  raw tools, sum                    ${secs(raw)}   ${rate(size / (raw / 1000))}`);
    if (zstdTest)
      out(
        `  (zstd -t f, which our job runs with BENCH_STREAM_CHECK=full: ${secs(zstdTest.ms).trim()}; raw + it ${secs(raw + zstdTest.ms).trim()})`,
      );
    const ours = med((r) => r.ours);
    out(
      `  og-repository, rename → ready     ${secs(ours)}   ${rate(size / (ours / 1000))}   (includes the watcher's 2 × 100 ms stability check)`,
    );
    if (jobs.length)
      out(`  og-repository, job alone          ${secs(median(jobs))}   ${rate(size / (median(jobs) / 1000))}`);
    out(
      `  ours/raw, per round: rename → ready ${rounds.map((r) => (r.ours / r.raw).toFixed(2)).join(' ')}${jobs.length ? `; job ${rounds.map((r) => (r.job === null ? '-' : (r.job / r.raw).toFixed(2))).join(' ')}` : ''}`,
    );
    out(
      `  ours/raw, median: rename → ready ${median(rounds.map((r) => r.ours / r.raw)).toFixed(2)}×${jobs.length ? `, job ${median(rounds.filter((r) => r.job !== null).map((r) => (r.job as number) / r.raw)).toFixed(2)}×` : ''}   (goal ≤ 1.00×)`,
    );

    const api = imageUrl(`${NAME}-0`);
    // 3. downloads: nginx (sendfile) and og-repository, same file, same client
    stopNginx = await startNginx();
    out('');
    out(`downloads with curl to /dev/null, ${RUNS} rounds of nginx then og-repository, medians:`);
    const d = await downloadRounds(`http://${NGINX_LISTEN}/image.img`, `${api}/file`, size, token);
    out(
      `  nginx (sendfile)      1 client ${rate(d.side('nginx', 'single'))}   ${CONCURRENT} clients ${rate(d.side('nginx', 'concurrent'))} total`,
    );
    out(
      `  og-repository         1 client ${rate(d.side('ours', 'single'))}   ${CONCURRENT} clients ${rate(d.side('ours', 'concurrent'))} total`,
    );
    out(
      `  ours/nginx (median of per-round ratios): 1 client ${d.ratio('single').toFixed(2)}×, ${CONCURRENT} clients ${d.ratio('concurrent').toFixed(2)}×   (goal ≥ 0.95×)`,
    );
  } finally {
    await stopNginx?.();
    await queue.close();
    await repo.stop();
    await deleteRedisKeys(prefix);
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
