import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_JOB_ID } from '@og/contracts';
import { expectEventually, postSignedWebhook, run, withMounted } from '@og/testing';
import { CoreApi } from '../../tools/demo/core-api';
import { DemoLog, DemoResult, DEMO_CLIENTS, followTrace, playDemo } from '../../tools/demo/play-demo';
import { DemoSuite } from '../../tools/demo/suite';

/** The seed request of the OpenGnsys 2 documentation, byte for byte (odd spacing included). */
const SEED_BODY =
  '{"dsk":"1", "par":"2", "cpt":"83", "ifs": "1", "idi":"01936caf-facb-72ad-9446-97e7dbf2b96a", "nci":"image-test", "ipr":"192.168.68.55", "nfn":"RestaurarImagen", "method": "unicast", "ids":"0"}';

// Ports apart from the demo's (8080/8006/8000) so a demo left running with --keep does not collide.
const CORE = '127.0.0.1:18080';
const REPOSITORY_PORT = 18006;
const AGENT_PORT = 18000;

const quiet: DemoLog = { step: () => undefined, line: () => undefined, progress: () => undefined };

describe('the OpenGnsys 2 demo on real disks, real processes and real HTTP', () => {
  const suite = new DemoSuite({
    workDir: mkdtempSync(join(tmpdir(), 'og-system-')),
    clients: DEMO_CLIENTS,
    coreListen: CORE,
    repositoryPort: REPOSITORY_PORT,
    agentPort: AGENT_PORT,
  });
  const api = new CoreApi(`http://${CORE}`);
  let demo: DemoResult;
  const agentUrl = (name: string) => `http://${DEMO_CLIENTS.find((c) => c.name === name)!.ip}:${AGENT_PORT}`;

  beforeAll(async () => {
    await suite.start();
    await api.login(suite.info.adminUser, suite.info.adminPassword);
  });

  afterAll(async () => {
    await suite.stop();
  });

  it('captures image-test from modelo and deploys it to pc1 with UNICAST: every file identical', async () => {
    demo = await playDemo(suite, quiet, { modelBytes: 200 * 1024 ** 2 }).catch((err: Error) => {
      throw new Error(`${err.message}\n${suite.logs()}`);
    });
    expect(demo.image).toMatchObject({ name: 'image-test', status: 'success', type: 'Linux', version: 'Ubuntu 24.04' });
    expect(demo.image.info).toMatch(/^PARTCLONE:ZSTD:EXTFS:\d+$/);
    expect(demo.image.sum).toMatch(/^[0-9a-f]{32}$/);
    expect(demo.image.fullSum).toMatch(/^[0-9a-f]{32}$/);
    expect(demo.image.dataSizeBytes).toBeGreaterThan(demo.modelBytes);
    expect(demo.captureTrace.agentJobId).toMatch(/^CrearImagen-[0-9a-f]{8}$/);
    expect(demo.deployTrace).toMatchObject({ command: 'deploy-image', status: 'success', progress: 100 });
    expect(demo.deployTrace.result).toMatchObject({ method: 'UNICAST-CACHE', cacheHit: false });
    expect(demo.filesCompared).toBeGreaterThan(1000);
    const pc1 = await api.get(`/clients/${demo.clientIds.pc1}`);
    expect(pc1.partitions.map((p: any) => [p.partition, p.code, p.filesystem])).toEqual([
      [0, 'MSDOS', ''],
      [1, '83', 'EXT4'],
      [2, '83', 'EXT4'],
      [4, 'ca', 'CACHE'],
    ]);
    expect(pc1.partitions[2].imageId).toBe(demo.image.id);
    // The repository's checksums are those of the real tools.
    const file = join(suite.info.repositoryDir, 'image-test.img');
    expect((await readFile(`${file}.full.sum`, 'utf8')).trim()).toBe(demo.image.fullSum);
  });

  it('skips the download on a second UNICAST deploy because the CACHE copy matches', async () => {
    const { traces } = await api.post('/commands/deploy-image', {
      clientIds: [demo.clientIds.pc1],
      imageId: demo.image.id,
      partition: 2,
      method: 'unicast',
    });
    const trace = await followTrace(api, traces[0].id, 'second deploy', quiet);
    expect(trace.result).toMatchObject({ cacheHit: true, transferredBytes: 0 });
  });

  it("accepts the documentation's RestaurarImagen body byte for byte (ipr pointed at the loopback repository)", async () => {
    const body = SEED_BODY.replace(
      '"ipr":"192.168.68.55"',
      `"ipr":"${suite.info.repositoryAddress}:${REPOSITORY_PORT}"`,
    );
    const res = await fetch(`${agentUrl('pc1')}/CloningEngine/RestaurarImagen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: suite.agentSecret },
      body,
    });
    expect(res.status).toBe(202);
    const { job_id } = (await res.json()) as { job_id: string };
    expect(job_id).toMatch(AGENT_JOB_ID);
    expect(job_id).toMatch(/^RestaurarImagen-[0-9a-f]{8}$/);
    const job = await finishedAgentJob('pc1', job_id);
    expect(job).toMatchObject({ state: 'success', ids: '0' });
  });

  it('refuses, before writing anything, a deploy onto a partition too small for the image', async () => {
    const refused = await fetch(`http://${CORE}/commands/deploy-image`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await loginToken()}` },
      body: JSON.stringify({
        clientIds: [demo.clientIds.pc1],
        imageId: demo.image.id,
        partition: 1,
        method: 'unicast',
      }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'PARTITION_TOO_SMALL' });
    // The agent checks again, from the filesystem size in the image's partclone header.
    const p1 = suite.disks.get('pc1')!.partition(1);
    await withMounted(p1, false, (dir) => writeFile(join(dir, 'marker'), 'untouched'));
    const res = await fetch(`${agentUrl('pc1')}/CloningEngine/RestaurarImagen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: suite.agentSecret },
      body: JSON.stringify({
        dsk: '1',
        par: '1',
        nci: 'image-test',
        ipr: `${suite.info.repositoryAddress}:${REPOSITORY_PORT}`,
        nfn: 'RestaurarImagen',
        method: 'unicast-direct',
        ids: 'small',
      }),
    });
    const { job_id } = (await res.json()) as { job_id: string };
    const job = await finishedAgentJob('pc1', job_id);
    expect(job).toMatchObject({ state: 'failed', stage: 'check' });
    expect(job.error).toMatch(/bytes/);
    expect(await withMounted(p1, true, (dir) => readFile(join(dir, 'marker'), 'utf8'))).toBe('untouched');
  });

  it("takes pc1's hardware inventory into its hardware profile and runs a script, through og-core", async () => {
    const inv = await api.post('/commands/hardware-inventory', { clientIds: [demo.clientIds.pc1] });
    await followTrace(api, inv.traces[0].id, 'hardware inventory', quiet);
    const client = await expectEventually(async () => {
      const c = await api.get(`/clients/${demo.clientIds.pc1}`);
      if (!c.hardwareProfileId) throw new Error('no hardware profile yet');
      return c;
    });
    const profile = await api.get(`/hardware-profiles/${client.hardwareProfileId}`);
    expect(profile.components.map((c: any) => c.component)).toEqual(expect.arrayContaining(['cpu', 'mem']));
    const script = await api.post('/commands/run-script', {
      clientIds: [demo.clientIds.pc1],
      script: 'echo "hello from $(hostname -s)"; exit 0\n',
    });
    const trace = await followTrace(api, script.traces[0].id, 'script', quiet);
    expect(trace.result).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('hello from') });
  });

  it("inventories pc1's software into a profile, refreshes it and manages its CACHE, through og-core", async () => {
    const pc1 = demo.clientIds.pc1;
    await withMounted(suite.disks.get('pc1')!.partition(2), false, async (dir) => {
      await mkdir(join(dir, 'var/lib/dpkg'), { recursive: true });
      await copyFile('/var/lib/dpkg/status', join(dir, 'var/lib/dpkg/status'));
      await mkdir(join(dir, 'etc'), { recursive: true });
      await writeFile(join(dir, 'etc/os-release'), 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    });
    const installed = (await run('dpkg-query', ['-W', '-f', '${db:Status-Status} ${Package}\n']))
      .split('\n')
      .filter((l) => l.startsWith('installed ')).length;
    const sw = await api.post('/commands/software-inventory', { clientIds: [pc1], disk: 1, partition: 2 });
    await followTrace(api, sw.traces[0].id, 'software inventory', quiet);
    const [profile] = (await api.get(`/clients/${pc1}/software-profiles`)).items;
    expect(profile).toMatchObject({ operatingSystem: 'Debian GNU/Linux 12 (bookworm)', clientId: pc1, partition: 2 });
    expect(profile.packages).toHaveLength(installed);

    const refresh = await api.post('/commands/refresh', { clientIds: [pc1] });
    const refreshed = await followTrace(api, refresh.traces[0].id, 'refresh', quiet);
    expect(refreshed.result.disks[0].partitions.map((p: any) => p.filesystem)).toEqual(['EXT4', 'EXT4', 'CACHE']);

    const cached = { clientIds: [pc1], imageId: demo.image.id };
    const hit = await api.post('/commands/update-cache', cached);
    expect((await followTrace(api, hit.traces[0].id, 'update cache', quiet)).result).toMatchObject({ cacheHit: true });
    const del = await api.post('/commands/delete-cache-image', cached);
    expect((await followTrace(api, del.traces[0].id, 'delete', quiet)).result.cacheImages).toEqual([]);
    const fill = await api.post('/commands/update-cache', cached);
    expect((await followTrace(api, fill.traces[0].id, 'update cache', quiet)).result).toMatchObject({
      cacheHit: false,
      cacheImages: ['image-test.img'],
      transferredBytes: demo.image.sizeBytes,
    });
  });

  it('cancels a running deploy through og-core: the trace fails as cancelled and the target is wiped', async () => {
    const { traces } = await api.post('/commands/deploy-image', {
      clientIds: [demo.clientIds.pc1],
      imageId: demo.image.id,
      partition: 2,
      method: 'unicast-direct',
    });
    await expectEventually(
      async () => {
        const t = await api.get(`/traces/${traces[0].id}`);
        if (t.stage !== 'write') throw new Error(`trace at ${t.status}/${t.stage}`);
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    const cancel = await api.post('/commands/cancel', { traceId: traces[0].id });
    expect(cancel).toEqual({ traceId: traces[0].id, agent: 'cancelled' });
    const trace = await expectEventually(async () => {
      const t = await api.get(`/traces/${traces[0].id}`);
      if (t.status !== 'failed') throw new Error(`trace is ${t.status}`);
      return t;
    });
    expect(trace.error).toContain('cancelled by operator');
    const blkid = await run('blkid', ['-p', '-o', 'export', suite.disks.get('pc1')!.partition(2)]).catch(
      (err: Error) => err.message,
    );
    expect(blkid).not.toContain('TYPE=ext4');
  });

  it('rejects a forged agent webhook and leaves the client as it was', async () => {
    const before = await api.get(`/clients/${demo.clientIds.pc1}`);
    const forged = {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      event: 'agent.stopped',
      agent: { mac: '08:00:27:0b:88:be', ip: '127.0.2.3', name: 'pc1' },
    };
    const res = await postSignedWebhook(`http://${CORE}/webhooks/agent`, 'a-guessed-secret', forged);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect((await api.get(`/clients/${demo.clientIds.pc1}`)).status).toBe(before.status);
    expect(before.status).toBe('og-live');
  });

  /** Polls the agent's `GET /CloningEngine/jobs/{job_id}` until the job is no longer running. */
  function finishedAgentJob(client: string, jobId: string): Promise<any> {
    return expectEventually(
      async () => {
        const res = await fetch(`${agentUrl(client)}/CloningEngine/jobs/${jobId}`, {
          headers: { authorization: suite.agentSecret },
        });
        const view: any = await res.json();
        if (view.state === 'running') throw new Error('still running');
        return view;
      },
      { timeoutMs: 120_000 },
    );
  }

  async function loginToken(): Promise<string> {
    const res = await fetch(`http://${CORE}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: suite.info.adminUser, password: suite.info.adminPassword }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }
});
