import { createServer, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ActualizarCacheOrder,
  ActualizarOrder,
  ApagarOrder,
  EliminarImagenCacheOrder,
  IniciarSesionOrder,
  InventarioSoftwareOrder,
  ReiniciarOrder,
  type AgentEvent,
  type DiskLayout,
  type JobResult,
  type SoftwarePackage,
} from '@og/contracts';
import { globalValidationPipe } from '@og/nest-common';
import { createTestDatabase, expectEventually, postSignedWebhook, TestDatabase } from '@og/testing';
import { DataSource } from 'typeorm';
import { CoreTestApp, startCoreTestApp } from './core-test-app';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Disk 1: Ubuntu on partition 1, an empty ext4 on 2, and (unless `cache` is false) a CACHE on 4. */
function disks(opts: { cache?: boolean; os?: string } = {}): DiskLayout[] {
  const part = (partition: number, code: string, filesystem: string, os: string, startSector: number) => ({
    disk: 1,
    partition,
    device: `/dev/sda${partition}`,
    code,
    filesystem,
    os,
    startSector,
    sizeBytes: GiB,
    usedBytes: 0,
  });
  return [
    {
      disk: 1,
      device: '/dev/sda',
      tableType: 'MSDOS',
      sizeBytes: 4 * GiB,
      sectorSize: 512,
      partitions: [
        part(1, '83', 'EXT4', opts.os ?? 'Ubuntu 24.04.1 LTS', 2048),
        part(2, '83', 'EXT4', '', 2099200),
        ...(opts.cache === false ? [] : [part(4, 'ca', 'CACHE', '', 4196352)]),
      ],
    },
  ];
}

/** The agent's wire DTO of each order (what its global ValidationPipe checks bodies against). */
const ORDER_DTOS: Record<string, new () => object> = {
  InventarioSoftware: InventarioSoftwareOrder,
  ActualizarCache: ActualizarCacheOrder,
  EliminarImagenCache: EliminarImagenCacheOrder,
  IniciarSesion: IniciarSesionOrder,
  Apagar: ApagarOrder,
  Reiniciar: ReiniciarOrder,
  Actualizar: ActualizarOrder,
};

const PACKAGES: SoftwarePackage[] = [
  { name: 'firefox', version: '133.0+build1-0ubuntu1', source: 'dpkg' },
  { name: 'openssh-server', version: '1:9.6p1-3ubuntu13', source: 'dpkg' },
];

/** The new agent orders through og-core: what reaches the agent, and what their results change. */
describe('og-core commands for the agent orders, on the real PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let core: CoreTestApp;
  const peers: Server[] = [];
  /** Every order a simulated agent received: its address, path, credentials and body. */
  const orders: Array<{ host: string; url: string; auth: string | undefined; body: any }> = [];
  /** When set, the next order is read and its connection dropped without an answer (then it resets). */
  let dropNextAnswer = false;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const pcs = {
    pc1: { mac: '02:00:00:00:07:01', ip: '127.0.7.1' },
    pc2: { mac: '02:00:00:00:07:02', ip: '127.0.7.2' },
    nocache: { mac: '02:00:00:00:07:03', ip: '127.0.7.3' },
  };
  /** A client of another classroom, outside the scoped users' units. */
  const outsidePc = { mac: '02:00:00:00:08:01', ip: '127.0.8.1' };

  const webhook = (event: Record<string, unknown>, pc: { mac: string; ip: string }) =>
    postSignedWebhook(`${core.baseUrl}/webhooks/agent`, core.env.OG_AGENT_WEBHOOK_SECRET, {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      agent: { ...pc, name: 'pc' },
      ...event,
    } as unknown as AgentEvent);

  /** The repository reports ubuntu-lab.img ready (300 MiB, 400 MiB of data) with `fullSum`, as og-repository would. */
  const reportUbuntuLabReady = (fullSum: string) =>
    postSignedWebhook(`${core.baseUrl}/webhooks/repository`, core.env.OG_REPOSITORY_WEBHOOK_SECRET, {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      repository: 'repo-7',
      event: 'image.aux-ready',
      image: {
        name: 'ubuntu-lab',
        status: 'ready',
        invalidReason: null,
        sizeBytes: 300 * MiB,
        info: 'PARTCLONE:ZSTD:EXTFS:409600',
        dataSizeBytes: 400 * MiB,
        filesystemSizeBytes: GiB,
        sum: 'b'.repeat(32),
        fullSum,
        torrent: true,
        modifiedAt: new Date().toISOString(),
      },
    });

  /**
   * Posts `job.finished` (success) for a trace as its agent would, with `result`, and waits until og-core has applied
   * all of it: the trace is `success` and the inbox has marked the event processed.
   */
  async function finish(traceId: string, pc: { mac: string; ip: string }, result: JobResult): Promise<void> {
    const trace = await expectEventually(async () => {
      const t = (await core.api(`/traces/${traceId}`)).body;
      expect(t.status).toBe('sent');
      return t;
    });
    const job = { jobId: trace.agentJobId, nfn: trace.input.nfn, ids: traceId };
    await webhook({ event: 'job.started', ...job }, pc);
    const finished = randomUUID();
    const res = await webhook(
      {
        event: 'job.finished',
        id: finished,
        ...job,
        status: 'success',
        stage: null,
        error: null,
        stderrTail: null,
        result,
      },
      pc,
    );
    expect(res.status).toBe(202);
    await expectEventually(async () => expect((await core.api(`/traces/${traceId}`)).body.status).toBe('success'));
    const db = core.app.get(DataSource);
    await expectEventually(async () =>
      expect(
        (await db.query(`SELECT "processedAt" FROM webhook_events WHERE id = $1`, [finished]))[0].processedAt,
      ).not.toBeNull(),
    );
  }

  /** Runs `command` with `body` as the admin; expects 202 and one trace per client; returns the traces. */
  async function run(command: string, body: Record<string, unknown>): Promise<any[]> {
    const res = await core.api(`/commands/${command}`, { body });
    expect({ status: res.status, body: res.status === 202 ? null : res.body }).toEqual({ status: 202, body: null });
    return res.body.traces;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    // Simulated agents: one HTTP peer per client address, all on one port, answering 202 with a job id.
    const handler = (host: string) =>
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
          orders.push({ host, url: req.url ?? '', auth: req.headers.authorization, body });
          if (dropNextAnswer) {
            dropNextAnswer = false;
            req.socket.destroy();
            return;
          }
          const jobId = `${body.nfn}-${randomUUID().slice(0, 8)}`;
          res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ job_id: jobId }));
        });
      });
    let port = 0;
    for (const { ip } of [...Object.values(pcs), outsidePc]) {
      const peer = handler(ip);
      await new Promise<void>((r) => peer.listen(port, ip, r));
      port = (peer.address() as AddressInfo).port;
      peers.push(peer);
    }
    core = await startCoreTestApp(db.url, { OG_AGENT_PORT: String(port), OG_DISPATCH_ATTEMPTS: '2' });
    const centro = await core.api('/organizational-units', { body: { name: 'Centro', type: 'organizational-unit' } });
    ids.aula = (
      await core.api('/organizational-units', {
        body: {
          name: 'Aula 7',
          type: 'classroom',
          parentId: centro.body.id,
          router: '127.0.7.254',
          netmask: '255.255.255.0',
        },
      })
    ).body.id;
    ids.otherAula = (
      await core.api('/organizational-units', {
        body: {
          name: 'Aula 8',
          type: 'classroom',
          parentId: centro.body.id,
          router: '127.0.8.254',
          netmask: '255.255.255.0',
        },
      })
    ).body.id;
    ids.repo = (
      await core.api('/image-repositories', {
        body: { name: 'repo-7', address: '127.0.7.100', port: 8006, apiToken: 'repository-token' },
      })
    ).body.id;
    for (const [name, pc] of Object.entries(pcs)) {
      const created = await core.api('/clients', {
        body: { name, ...pc, organizationalUnitId: ids.aula, repositoryId: ids.repo },
      });
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
      await webhook({ event: 'agent.started', disks: disks({ cache: name !== 'nocache' }) }, pc);
    }
    ids.elsewhere = (
      await core.api('/clients', { body: { name: 'elsewhere', ...outsidePc, organizationalUnitId: ids.otherAula } })
    ).body.id;
    await webhook({ event: 'agent.started', disks: disks() }, outsidePc);
    for (const name of [...Object.keys(pcs), 'elsewhere'])
      await expectEventually(async () =>
        expect((await core.api(`/clients/${ids[name]}`)).body.partitions.length).toBeGreaterThan(2),
      );
    ids.image = (
      await core.api('/images', { body: { name: 'ubuntu-lab', type: 'Linux', repositoryId: ids.repo } })
    ).body.id;
    ids.pendingImage = (await core.api('/images', { body: { name: 'not-yet', repositoryId: ids.repo } })).body.id;
    // The repository reports the image file ready: it becomes `success`, 300 MiB.
    await reportUbuntuLabReady('c'.repeat(32));
    await expectEventually(async () => expect((await core.api(`/images/${ids.image}`)).body.status).toBe('success'));
    for (const role of ['viewer', 'operator']) {
      const user = await core.api('/users', {
        body: { username: role, password: 'password-1', roles: [role], organizationalUnitIds: [ids.aula] },
      });
      expect(user.status).toBe(201);
      tokens[role] = (await core.login(role, 'password-1')).body.accessToken;
    }
  });

  afterAll(async () => {
    await core?.close();
    for (const peer of peers) await new Promise((r) => peer.close(r));
    await db?.drop();
  });

  it.each([
    ['software-inventory', 'InventarioSoftware', () => ({ partition: 1 }), () => ({ dsk: '1', par: '1' })],
    [
      'update-cache',
      'ActualizarCache',
      () => ({ imageId: ids.image }),
      () => ({ idi: ids.image, nci: 'ubuntu-lab', ipr: '127.0.7.100:8006' }),
    ],
    ['delete-cache-image', 'EliminarImagenCache', () => ({ imageId: ids.image }), () => ({ nci: 'ubuntu-lab' })],
    ['boot-os', 'IniciarSesion', () => ({ disk: 1, partition: 1 }), () => ({ dsk: '1', par: '1' })],
    ['power-off', 'Apagar', () => ({}), () => ({})],
    ['reboot', 'Reiniciar', () => ({}), () => ({})],
    ['refresh', 'Actualizar', () => ({}), () => ({})],
  ])(
    'sends %s to every client as POST /CloningEngine/%s with the OpenGnsys parameters the agent validates',
    async (command, nfn, extra, wire) => {
      const traces = await run(command, { clientIds: [ids.pc1, ids.pc2], ...extra() });
      expect(traces.map((t) => [t.command, t.clientId, t.status])).toEqual([
        [command, ids.pc1, 'pending'],
        [command, ids.pc2, 'pending'],
      ]);
      for (const [i, pc] of [pcs.pc1, pcs.pc2].entries()) {
        const order = await expectEventually(() => {
          const found = orders.find((o) => o.body.ids === traces[i].id);
          expect(found).toBeDefined();
          return found!;
        });
        expect(order).toEqual({
          host: pc.ip,
          url: `/CloningEngine/${nfn}`,
          auth: 'agent-secret-for-tests',
          body: { nfn, ...wire(), ids: traces[i].id },
        });
        // The body passes the agent's own validation (whitelist, no unknown fields) as it is.
        await expect(
          globalValidationPipe().transform(order.body, { type: 'body', metatype: ORDER_DTOS[nfn] }),
        ).resolves.toBeInstanceOf(ORDER_DTOS[nfn]);
        const trace = await expectEventually(async () => {
          const t = (await core.api(`/traces/${traces[i].id}`)).body;
          expect(t.status).toBe('sent');
          return t;
        });
        expect(trace.agentJobId).toMatch(new RegExp(`^${nfn}-[0-9a-f]{8}$`));
        expect(trace.input).toEqual(order.body);
      }
    },
  );

  it('turns a software inventory result into the partition’s software profile, replaced by the next one', async () => {
    const [trace] = await run('software-inventory', { clientIds: [ids.pc1], partition: 1 });
    await finish(trace.id, pcs.pc1, { operatingSystem: 'Ubuntu 24.04.1 LTS', software: PACKAGES });
    const linked = await core.api(`/clients/${ids.pc1}/software-profiles`);
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ total: 1, items: [{ clientId: ids.pc1, disk: 1, partition: 1 }] });
    const profileId = linked.body.items[0].id;
    const profile = await core.api(`/software-profiles/${profileId}`);
    expect(profile.body).toMatchObject({
      description: 'pc1 disk 1 partition 1 (Ubuntu 24.04.1 LTS)',
      operatingSystem: 'Ubuntu 24.04.1 LTS',
      packages: PACKAGES,
    });
    expect((await core.api('/software-profiles')).body.items.map((p: any) => p.id)).toContain(profileId);
    expect((await core.api(`/software-profiles?clientId=${ids.pc1}&partition=1`)).body.items).toHaveLength(1);
    expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('og-live');
    expect((await core.api(`/traces/${trace.id}`)).body.result.software).toEqual(PACKAGES);

    const [again] = await run('software-inventory', { clientIds: [ids.pc1], partition: 1 });
    const fewer = [{ name: 'vim', version: '2:9.1.0016-1ubuntu7', source: 'dpkg' as const }];
    await finish(again.id, pcs.pc1, { operatingSystem: 'Ubuntu 24.04.1 LTS', software: fewer });
    await expectEventually(async () =>
      expect((await core.api(`/software-profiles/${profileId}`)).body.packages).toEqual(fewer),
    );
    expect((await core.api(`/clients/${ids.pc1}/software-profiles`)).body.total).toBe(1);
  });

  it('keeps a capture’s software inventory as the image’s profile and gives it to the partitions it is deployed to', async () => {
    const [capture] = await run('create-image', { clientId: ids.pc1, partition: 1, imageId: ids.image });
    await finish(capture.id, pcs.pc1, {
      md5: 'a'.repeat(32),
      operatingSystem: 'Ubuntu 24.04.1 LTS',
      software: PACKAGES,
    });
    const image = await expectEventually(async () => {
      const i = (await core.api(`/images/${ids.image}`)).body;
      expect(i.softwareProfileId).toEqual(expect.any(String));
      return i;
    });
    expect((await core.api(`/software-profiles/${image.softwareProfileId}`)).body).toMatchObject({
      description: 'image ubuntu-lab (Ubuntu 24.04.1 LTS)',
      clientId: null,
      packages: PACKAGES,
    });
    // The capture left the image in-progress until its repository reports the new file.
    await reportUbuntuLabReady('d'.repeat(32));
    await expectEventually(async () =>
      expect((await core.api(`/images/${ids.image}`)).body).toMatchObject({
        status: 'success',
        fullSum: 'd'.repeat(32),
      }),
    );
    const [deploy] = await run('deploy-image', {
      clientIds: [ids.pc2],
      imageId: ids.image,
      partition: 2,
      method: 'unicast',
    });
    await finish(deploy.id, pcs.pc2, { method: 'UNICAST-CACHE' });
    const onPc2 = await expectEventually(async () => {
      const page = (await core.api(`/clients/${ids.pc2}/software-profiles`)).body;
      expect(page.total).toBe(1);
      return page.items[0];
    });
    expect(onPc2).toMatchObject({ disk: 1, partition: 2, operatingSystem: 'Ubuntu 24.04.1 LTS', packages: PACKAGES });
  });

  it('replaces the client’s partitions with what a refresh reports', async () => {
    const [trace] = await run('refresh', { clientIds: [ids.pc2] });
    await finish(trace.id, pcs.pc2, { disks: disks({ os: 'Debian GNU/Linux 12 (bookworm)' }) });
    const partitions = (await core.api(`/clients/${ids.pc2}`)).body.partitions;
    expect(partitions.map((p: any) => [p.partition, p.os])).toEqual([
      [0, ''],
      [1, 'Debian GNU/Linux 12 (bookworm)'],
      [2, ''],
      [4, ''],
    ]);
  });

  it('records the CACHE contents an update-cache reports in its trace', async () => {
    const [trace] = await run('update-cache', { clientIds: [ids.pc1], imageId: ids.image });
    await finish(trace.id, pcs.pc1, { cacheHit: false, transferredBytes: 300 * MiB, cacheImages: ['ubuntu-lab.img'] });
    expect((await core.api(`/traces/${trace.id}`)).body).toMatchObject({
      imageId: ids.image,
      result: { cacheImages: ['ubuntu-lab.img'] },
      message: 'finished successfully; CACHE holds ubuntu-lab.img',
    });
    const [deleted] = await run('delete-cache-image', { clientIds: [ids.pc1], imageId: ids.image });
    await finish(deleted.id, pcs.pc1, { cacheImages: [] });
    expect((await core.api(`/traces/${deleted.id}`)).body.message).toBe('finished successfully; CACHE holds no images');
  });

  it('marks a powered-off client off, and leaves a rebooting client’s status to its agent’s announcements', async () => {
    const [off] = await run('power-off', { clientIds: [ids.pc1] });
    await finish(off.id, pcs.pc1, {});
    expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('off');

    const [reboot] = await run('reboot', { clientIds: [ids.pc2] });
    const sent = await expectEventually(async () => {
      const t = (await core.api(`/traces/${reboot.id}`)).body;
      expect(t.status).toBe('sent');
      return t;
    });
    // The agent says it is stopping before its journaled result reaches og-core.
    await webhook({ event: 'agent.stopped' }, pcs.pc2);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('off'));
    await webhook(
      {
        event: 'job.finished',
        jobId: sent.agentJobId,
        nfn: 'Reiniciar',
        ids: reboot.id,
        status: 'success',
        stage: null,
        error: null,
        stderrTail: null,
        result: {},
      },
      pcs.pc2,
    );
    await expectEventually(async () => expect((await core.api(`/traces/${reboot.id}`)).body.status).toBe('success'));
    expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('off');
    await webhook({ event: 'agent.started', disks: disks() }, pcs.pc2);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('og-live'));

    // In the usual order the result comes first: the job's `busy` ends, then the agent announces its stop.
    const [again] = await run('reboot', { clientIds: [ids.pc2] });
    await finish(again.id, pcs.pc2, {});
    expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('og-live');
    await webhook({ event: 'agent.stopped' }, pcs.pc2);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('off'));
    await webhook({ event: 'agent.started', disks: disks() }, pcs.pc2);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('og-live'));
  });

  it('makes a hardware inventory the client’s profile and drops the profile it replaces', async () => {
    const cpu = (value: string) => [
      { component: 'cpu', value },
      { component: 'net', value: 'e1000 02:00:00:00:00:01' },
    ];
    const [first] = await run('hardware-inventory', { clientIds: [ids.pc1] });
    await finish(first.id, pcs.pc1, { hardware: cpu('Intel Core i5-3470') });
    const before = (await core.api(`/clients/${ids.pc1}`)).body.hardwareProfileId;
    expect((await core.api(`/hardware-profiles/${before}`)).body.components).toEqual(cpu('Intel Core i5-3470'));
    const [second] = await run('hardware-inventory', { clientIds: [ids.pc1] });
    await finish(second.id, pcs.pc1, { hardware: cpu('Intel Core i7-12700') });
    const after = (await core.api(`/clients/${ids.pc1}`)).body.hardwareProfileId;
    expect(after).not.toBe(before);
    expect((await core.api(`/hardware-profiles/${after}`)).body.components).toEqual(cpu('Intel Core i7-12700'));
    expect((await core.api(`/hardware-profiles/${before}`)).status).toBe(404);
  });

  it('shows a PC that booted its installed OS as running that OS, also after its ogLive agent stops', async () => {
    await webhook({ event: 'agent.started', disks: disks({ os: 'Ubuntu 24.04.1 LTS' }) }, pcs.pc1);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('og-live'));
    const [boot] = await run('boot-os', { clientIds: [ids.pc1], disk: 1, partition: 1 });
    await finish(boot.id, pcs.pc1, {});
    expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('linux');
    const stop = randomUUID();
    await webhook({ event: 'agent.stopped', id: stop }, pcs.pc1);
    const db = core.app.get(DataSource);
    await expectEventually(async () =>
      expect(
        (await db.query(`SELECT "processedAt" FROM webhook_events WHERE id = $1`, [stop]))[0].processedAt,
      ).not.toBeNull(),
    );
    expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('linux');
    // Back in ogLive (PXE) later: the agent's announcements rule again.
    await webhook({ event: 'agent.started', disks: disks() }, pcs.pc1);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('og-live'));
    await webhook({ event: 'agent.stopped' }, pcs.pc1);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('off'));
    await webhook({ event: 'agent.started', disks: disks() }, pcs.pc1);
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc1}`)).body.status).toBe('og-live'));
  });

  it.each([
    ['software-inventory', { partition: 0 }, 'partition'],
    ['software-inventory', {}, 'partition'],
    ['boot-os', { partition: 1, disk: 'one' }, 'disk'],
    ['update-cache', { imageId: 'ubuntu-lab' }, 'imageId'],
    ['delete-cache-image', {}, 'imageId'],
    ['power-off', { clientIds: [] }, 'clientIds'],
    ['reboot', { clientIds: ['not-a-uuid'] }, 'clientIds'],
    ['refresh', { force: true }, 'force'],
  ])('answers 400 naming the field when %s gets %j', async (command, patch, field) => {
    const before = orders.length;
    const res = await core.api(`/commands/${command}`, { body: { clientIds: [ids.pc1], ...patch } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(orders.length).toBe(before);
  });

  it('refuses, before sending anything, what a client cannot do as its agent last reported it', async () => {
    const before = orders.length;
    const cases: Array<[string, Record<string, unknown>, number, string, string]> = [
      ['software-inventory', { clientIds: [ids.pc1], partition: 4 }, 400, 'PARTITION_NOT_INVENTORIABLE', 'partition'],
      ['software-inventory', { clientIds: [ids.pc1], partition: 3 }, 400, 'PARTITION_UNKNOWN', 'partition'],
      ['boot-os', { clientIds: [ids.pc1], partition: 2 }, 400, 'PARTITION_NO_OS', 'partition'],
      ['update-cache', { clientIds: [ids.pc1, ids.nocache], imageId: ids.image }, 400, 'NO_CACHE', 'nocache'],
      ['delete-cache-image', { clientIds: [ids.nocache], imageId: ids.image }, 400, 'NO_CACHE', 'nocache'],
      ['update-cache', { clientIds: [ids.pc1], imageId: ids.pendingImage }, 409, 'IMAGE_NOT_READY', 'not-yet'],
      ['update-cache', { clientIds: [ids.pc1], imageId: randomUUID() }, 404, 'IMAGE_NOT_FOUND', 'not found'],
      ['power-off', { clientIds: [ids.pc1, randomUUID()] }, 404, 'CLIENT_NOT_FOUND', 'not found'],
    ];
    for (const [command, body, status, code, text] of cases) {
      const res = await core.api(`/commands/${command}`, { body });
      expect({ command, status: res.status, code: res.body.code }).toEqual({ command, status, code });
      expect(res.body.message).toContain(text);
    }
    await core.api(`/clients/${ids.pc2}`, { method: 'PATCH', body: { maintenance: true } });
    const maintenance = await core.api('/commands/reboot', { body: { clientIds: [ids.pc1, ids.pc2] } });
    expect(maintenance.status).toBe(409);
    expect(maintenance.body.code).toBe('CLIENT_IN_MAINTENANCE');
    await core.api(`/clients/${ids.pc2}`, { method: 'PATCH', body: { maintenance: false } });
    expect(orders.length).toBe(before);
  });

  it('lets an operator run the commands on its units only, and a viewer none of them', async () => {
    const bodies: Record<string, Record<string, unknown>> = {
      'software-inventory': { partition: 1 },
      'update-cache': { imageId: ids.image },
      'delete-cache-image': { imageId: ids.image },
      'boot-os': { partition: 1 },
      'power-off': {},
      reboot: {},
      refresh: {},
    };
    for (const [command, extra] of Object.entries(bodies)) {
      const body = { clientIds: [ids.pc1], ...extra };
      const viewer = await core.api(`/commands/${command}`, { body, token: tokens.viewer });
      expect({ command, status: viewer.status }).toEqual({ command, status: 403 });
      const operator = await core.api(`/commands/${command}`, { body, token: tokens.operator });
      expect({ command, status: operator.status }).toEqual({ command, status: 202 });
    }
    const refused = await core.api('/commands/power-off', {
      body: { clientIds: [ids.elsewhere] },
      token: tokens.operator,
    });
    expect(refused.status).toBe(403);
    expect((await core.api(`/clients/${ids.elsewhere}/software-profiles`, { token: tokens.viewer })).status).toBe(403);
    expect((await core.api(`/clients/${ids.pc1}/software-profiles`, { token: tokens.viewer })).status).toBe(200);
  });

  it('keeps a client busy while a disk job runs beside a software inventory that finished', async () => {
    const [deploy] = await run('deploy-image', {
      clientIds: [ids.pc2],
      imageId: ids.image,
      partition: 2,
      method: 'unicast-direct',
    });
    const sent = await expectEventually(async () => {
      const t = (await core.api(`/traces/${deploy.id}`)).body;
      expect(t.status).toBe('sent');
      return t;
    });
    const deployJob = { jobId: sent.agentJobId, nfn: 'RestaurarImagen', ids: deploy.id };
    await webhook({ event: 'job.started', ...deployJob }, pcs.pc2);
    await expectEventually(async () =>
      expect((await core.api(`/traces/${deploy.id}`)).body.status).toBe('in-progress'),
    );
    const [inventory] = await run('software-inventory', { clientIds: [ids.pc2], partition: 1 });
    await finish(inventory.id, pcs.pc2, { operatingSystem: 'Debian GNU/Linux 12 (bookworm)', software: [] });
    expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('busy');
    await webhook(
      {
        event: 'job.finished',
        ...deployJob,
        status: 'success',
        stage: null,
        error: null,
        stderrTail: null,
        result: { method: 'UNICAST-DIRECT' },
      },
      pcs.pc2,
    );
    await expectEventually(async () => expect((await core.api(`/clients/${ids.pc2}`)).body.status).toBe('og-live'));
  });

  it('shows a scoped user the software profiles of images and of its units’ clients only', async () => {
    const [trace] = await run('software-inventory', { clientIds: [ids.elsewhere], partition: 1 });
    await finish(trace.id, outsidePc, { operatingSystem: 'Windows 11 Pro', software: [] });
    const outside = (await core.api(`/clients/${ids.elsewhere}/software-profiles`)).body.items[0];
    expect(outside).toMatchObject({ clientId: ids.elsewhere, operatingSystem: 'Windows 11 Pro' });
    const all = (await core.api('/software-profiles?itemsPerPage=100')).body.items.map((p: any) => p.clientId);
    expect(all).toContain(ids.elsewhere);
    expect(all).toContain(null);
    const seen = (await core.api('/software-profiles?itemsPerPage=100', { token: tokens.viewer })).body.items;
    expect(seen.map((p: any) => p.clientId)).not.toContain(ids.elsewhere);
    expect(seen.map((p: any) => p.clientId)).toEqual(expect.arrayContaining([ids.pc1, null]));
    expect((await core.api(`/software-profiles/${outside.id}`, { token: tokens.viewer })).status).toBe(403);
    expect((await core.api(`/software-profiles?clientId=${ids.elsewhere}`, { token: tokens.viewer })).status).toBe(403);
    expect((await core.api(`/software-profiles/${seen[0].id}`, { token: tokens.viewer })).status).toBe(200);
  });

  it('forgets the software profiles of the partitions a repartition formatted', async () => {
    const [inventory] = await run('software-inventory', { clientIds: [ids.pc2], partition: 1 });
    await finish(inventory.id, pcs.pc2, { operatingSystem: 'Debian GNU/Linux 12 (bookworm)', software: PACKAGES });
    const profiled = async () =>
      (await core.api(`/clients/${ids.pc2}/software-profiles`)).body.items.map((p: any) => p.partition);
    expect(await profiled()).toEqual([1, 2]);
    const [layout] = await run('partition', {
      clientIds: [ids.pc2],
      partitions: [
        { partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: GiB, format: false },
        { partition: 2, type: 'LINUX', filesystem: 'EXT4', sizeBytes: GiB },
        { partition: 4, type: 'CACHE', filesystem: 'CACHE', sizeBytes: GiB },
      ],
    });
    await finish(layout.id, pcs.pc2, { disks: disks() });
    expect(await profiled()).toEqual([1]);
  });

  it('never resends an order whose kept-alive connection broke after it was sent', async () => {
    const [first] = await run('refresh', { clientIds: [ids.pc1] });
    await expectEventually(async () => expect((await core.api(`/traces/${first.id}`)).body.status).toBe('sent'));
    dropNextAnswer = true;
    const [second] = await run('refresh', { clientIds: [ids.pc1] });
    const failed = await expectEventually(async () => {
      const t = (await core.api(`/traces/${second.id}`)).body;
      expect(t.status).toBe('failed');
      return t;
    });
    expect(failed.error).toContain('not resent');
    await new Promise((r) => setTimeout(r, 1500));
    expect(orders.filter((o) => o.body.ids === second.id)).toHaveLength(1);
  });
});
