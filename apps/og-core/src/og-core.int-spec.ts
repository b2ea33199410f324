import { createServer, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AgentEvent, DiskLayout, RepositoryEvent } from '@og/contracts';
import { createTestDatabase, expectEventually, postSignedWebhook, TestDatabase } from '@og/testing';
import { DataSource } from 'typeorm';
import { CoreTestApp, startCoreTestApp } from './core-test-app';
import { clientJsonSql } from './modules/clients/client-json.sql';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function demoDisks(): DiskLayout[] {
  const part = (partition: number, code: string, filesystem: string, startSector: number, sizeBytes: number) => ({
    disk: 1,
    partition,
    device: `/dev/loop9p${partition}`,
    code,
    filesystem,
    os: '',
    startSector,
    sizeBytes,
    usedBytes: 0,
  });
  return [
    {
      disk: 1,
      device: '/dev/loop9',
      tableType: 'MSDOS',
      sizeBytes: 4 * GiB,
      sectorSize: 512,
      partitions: [
        part(1, '83', 'EXT4', 2048, GiB),
        part(2, '83', 'EXT4', 2099200, GiB),
        part(4, 'ca', 'CACHE', 4196352, GiB),
      ],
    },
  ];
}

function agentEvent(mac: string, ip: string, event: Record<string, unknown>): AgentEvent {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    agent: { mac, ip, name: 'pc' },
    ...event,
  } as unknown as AgentEvent;
}

describe('og-core on the real PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let core: CoreTestApp;
  let agentPeer: Server;
  const agentOrders: Array<{ url: string; auth: string | undefined; body: any }> = [];
  let ouId: string;
  let classroomId: string;
  let repositoryId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A listening peer on 127.0.3.1 answering like an agent, to observe exactly what og-core sends.
    agentPeer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        agentOrders.push({ url: req.url ?? '', auth: req.headers.authorization, body });
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ job_id: `${body.nfn}-0123abcd` }));
      });
    });
    await new Promise<void>((r) => agentPeer.listen(0, '127.0.3.1', r));
    const agentPort = (agentPeer.address() as AddressInfo).port;
    core = await startCoreTestApp(db.url, {
      OG_AGENT_PORT: String(agentPort),
      OG_DISPATCH_ATTEMPTS: '2',
      OG_AGENT_TIMEOUT_SECONDS: '2',
    });
  });

  afterAll(async () => {
    await core?.close();
    await new Promise((r) => agentPeer?.close(r));
    await db?.drop();
  });

  it('refuses requests without a token and logins with a wrong password', async () => {
    expect((await core.api('/clients', { token: null })).status).toBe(401);
    const res = await fetch(`${core.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    expect(res.status).toBe(401);
    expect((await core.api('/health/ready', { token: null })).body.status).toBe('ok');
  });

  it('enters the demo inventory and reads it back', async () => {
    const centro = await core.api('/organizational-units', {
      body: { name: 'Centro Demo', type: 'organizational-unit' },
    });
    expect(centro.status).toBe(201);
    ouId = centro.body.id;
    const aula = await core.api('/organizational-units', {
      body: { name: 'Aula Demo', type: 'classroom', parentId: ouId, router: '192.168.2.1', netmask: '255.255.255.0' },
    });
    expect(aula.status).toBe(201);
    classroomId = aula.body.id;
    expect(aula.body).toMatchObject({
      multicastAddress: '239.194.168.2',
      multicastPort: 9000,
      multicastSpeedMbps: 70,
      p2pMode: 'peer',
    });
    const subnet = await core.api('/subnets', {
      body: { name: 'Red Demo', address: '192.168.2.0', netmask: '255.255.255.0', router: '192.168.2.1' },
    });
    expect(subnet.status).toBe(201);
    const repo = await core.api('/image-repositories', {
      body: { name: 'repo-demo', address: '127.0.68.55', port: 8006, apiToken: 'repository-token' },
    });
    expect(repo.status).toBe(201);
    expect(repo.body.apiToken).toBeUndefined();
    repositoryId = repo.body.id;
    const modelo = await core.api('/clients', {
      body: {
        name: 'modelo',
        mac: '08:00:27:4F:BE:38',
        ip: '127.0.3.1',
        organizationalUnitId: classroomId,
        subnetId: subnet.body.id,
        repositoryId,
      },
    });
    expect(modelo.status).toBe(201);
    expect(modelo.body.mac).toBe('08:00:27:4f:be:38');
    expect(modelo.body.status).toBe('off');
    const list = await core.api(`/clients?organizationalUnitId=${classroomId}`);
    expect(list.body).toMatchObject({ total: 1, page: 1, items: [{ name: 'modelo' }] });
  });

  it.each([
    ['mac', { name: 'x', mac: '08:00:27:4f:be', ip: '127.0.3.9' }],
    ['ip', { name: 'x', mac: '0800274fbe99', ip: '300.1.1.1' }],
    ['organizationalUnitId', { name: 'x', mac: '0800274fbe99', ip: '127.0.3.9', organizationalUnitId: 'nope' }],
  ])('answers 400 naming %s when it is invalid', async (field, body) => {
    const res = await core.api('/clients', { body: { organizationalUnitId: classroomId, ...body } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('answers 409 naming the field for a duplicate MAC in another spelling, 404 for an unknown unit, 400 for unknown fields', async () => {
    const dup = await core.api('/clients', {
      body: { name: 'dup', mac: '08-00-27-4f-be-38', ip: '127.0.3.8', organizationalUnitId: classroomId },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('mac');
    const unknownOu = await core.api('/clients', {
      body: { name: 'z', mac: '0800274fbe77', ip: '127.0.3.7', organizationalUnitId: randomUUID() },
    });
    expect(unknownOu.status).toBe(404);
    const extra = await core.api('/subnets', {
      body: { name: 's', address: '10.0.0.0', netmask: '255.0.0.0', bogus: true },
    });
    expect(extra.status).toBe(400);
    const badMask = await core.api('/subnets', { body: { name: 's', address: '10.0.0.0', netmask: '255.0.255.0' } });
    expect(badMask.status).toBe(400);
    expect(JSON.stringify(badMask.body.message)).toContain('netmask');
    const badPort = await core.api(`/organizational-units/${classroomId}`, {
      method: 'PATCH',
      body: { multicastPort: 9001 },
    });
    expect(badPort.status).toBe(400);
    expect(JSON.stringify(badPort.body.message)).toContain('multicastPort');
    const nonEmpty = await core.api(`/organizational-units/${ouId}`, { method: 'DELETE' });
    expect(nonEmpty.status).toBe(409);
  });

  it('rejects forged, stale and unsigned webhooks and applies a signed agent.started once', async () => {
    const url = `${core.baseUrl}/webhooks/agent`;
    const started = agentEvent('08:00:27:4f:be:38', '127.0.3.1', { event: 'agent.started', disks: demoDisks() });
    expect((await postSignedWebhook(url, 'not-the-secret', started)).status).toBe(401);
    expect(
      (
        await postSignedWebhook(url, core.env.OG_AGENT_WEBHOOK_SECRET, started, {
          timestamp: Math.floor(Date.now() / 1000) - 3600,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(started),
        })
      ).status,
    ).toBe(401);
    const ok = await postSignedWebhook(url, core.env.OG_AGENT_WEBHOOK_SECRET, started);
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ accepted: true, duplicate: false });
    const again = await postSignedWebhook(url, core.env.OG_AGENT_WEBHOOK_SECRET, started);
    expect(await again.json()).toEqual({ accepted: true, duplicate: true });
    const client = await expectEventually(async () => {
      const list = await core.api('/clients?name=modelo');
      const found = await core.api(`/clients/${list.body.items[0].id}`);
      expect(found.body.status).toBe('og-live');
      expect(found.body.partitions).toHaveLength(4);
      return found.body;
    });
    expect(client.partitions.map((p: any) => [p.partition, p.code, p.filesystem, p.sizeBytes])).toEqual([
      [0, 'MSDOS', '', 4 * GiB],
      [1, '83', 'EXT4', GiB],
      [2, '83', 'EXT4', GiB],
      [4, 'ca', 'CACHE', GiB],
    ]);
  });

  it('validates a command against every target before sending anything', async () => {
    const modelo = (await core.api('/clients?name=modelo')).body.items[0];
    const tooBig = await core.api('/commands/partition', {
      body: {
        clientIds: [modelo.id],
        partitions: [{ partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: 8 * GiB }],
      },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('LAYOUT_TOO_LARGE');
    const fifth = await core.api('/commands/partition', {
      body: {
        clientIds: [modelo.id],
        partitions: [{ partition: 5, type: 'LINUX', filesystem: 'EXT4', sizeBytes: GiB }],
      },
    });
    expect(fifth.status).toBe(400);
    expect(fifth.body.code).toBe('LAYOUT_MSDOS_PRIMARY');
    const image = await core.api('/images', {
      body: { name: 'image-test', type: 'Linux', version: 'Ubuntu 24.04', repositoryId },
    });
    expect(image.status).toBe(201);
    const notReady = await core.api('/commands/deploy-image', {
      body: { clientIds: [modelo.id], imageId: image.body.id, partition: 2, method: 'unicast' },
    });
    expect(notReady.status).toBe(409);
    const badName = await core.api('/images', { body: { name: 'bad name.img', repositoryId } });
    expect(badName.status).toBe(400);
    const noPartition = await core.api('/commands/create-image', {
      body: { clientId: modelo.id, partition: 3, imageId: image.body.id },
    });
    expect(noPartition.status).toBe(400);
    expect(noPartition.body.message).toContain('partition');
    expect(agentOrders).toHaveLength(0);
  });

  it('sends create-image with OpenGnsys parameters, follows the agent to success, and the repository makes the image deployable', async () => {
    const modelo = (await core.api('/clients?name=modelo')).body.items[0];
    const image = (await core.api('/images?name=image-test')).body.items[0];
    const accepted = await core.api('/commands/create-image', {
      body: { clientId: modelo.id, partition: 2, imageId: image.id },
    });
    expect(accepted.status).toBe(202);
    const traceId = accepted.body.traces[0].id;
    const sent = await expectEventually(async () => {
      const t = await core.api(`/traces/${traceId}`);
      expect(t.body.status).toBe('sent');
      return t.body;
    });
    expect(sent.agentJobId).toBe('CrearImagen-0123abcd');
    expect(agentOrders[0]).toMatchObject({
      url: '/CloningEngine/CrearImagen',
      auth: 'agent-secret-for-tests',
      body: {
        nfn: 'CrearImagen',
        dsk: '1',
        par: '2',
        cpt: '83',
        idi: image.id,
        nci: 'image-test',
        ipr: '127.0.68.55:8006',
        ids: traceId,
      },
    });
    const url = `${core.baseUrl}/webhooks/agent`;
    const job = { jobId: 'CrearImagen-0123abcd', nfn: 'CrearImagen', ids: traceId };
    await postSignedWebhook(
      url,
      core.env.OG_AGENT_WEBHOOK_SECRET,
      agentEvent(modelo.mac, modelo.ip, { event: 'job.started', ...job }),
    );
    await postSignedWebhook(
      url,
      core.env.OG_AGENT_WEBHOOK_SECRET,
      agentEvent(modelo.mac, modelo.ip, {
        event: 'job.progress',
        ...job,
        stage: 'capture',
        progress: 42.5,
        rateBytesPerSecond: 100 * MiB,
      }),
    );
    await expectEventually(async () => {
      const t = (await core.api(`/traces/${traceId}`)).body;
      expect(t).toMatchObject({
        status: 'in-progress',
        progress: 42.5,
        stage: 'capture',
        rateBytesPerSecond: 100 * MiB,
      });
      expect((await core.api(`/clients/${modelo.id}`)).body.status).toBe('busy');
    });
    await postSignedWebhook(
      url,
      core.env.OG_AGENT_WEBHOOK_SECRET,
      agentEvent(modelo.mac, modelo.ip, {
        event: 'job.finished',
        ...job,
        status: 'success',
        stage: null,
        error: null,
        stderrTail: null,
        result: { md5: 'a'.repeat(32) },
      }),
    );
    const repoEvent: RepositoryEvent = {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      repository: 'repo-demo',
      event: 'image.aux-ready',
      image: {
        name: 'image-test',
        status: 'ready',
        invalidReason: null,
        sizeBytes: 300 * MiB,
        info: 'PARTCLONE:ZSTD:EXTFS:409600',
        dataSizeBytes: 400 * MiB,
        filesystemSizeBytes: GiB,
        sum: 'b'.repeat(32),
        fullSum: 'c'.repeat(32),
        torrent: true,
        modifiedAt: new Date().toISOString(),
      },
    };
    expect(
      (await postSignedWebhook(`${core.baseUrl}/webhooks/repository`, core.env.OG_REPOSITORY_WEBHOOK_SECRET, repoEvent))
        .status,
    ).toBe(202);
    await expectEventually(async () => {
      expect((await core.api(`/traces/${traceId}`)).body).toMatchObject({ status: 'success', progress: 100 });
      expect((await core.api(`/images/${image.id}`)).body).toMatchObject({
        status: 'success',
        info: 'PARTCLONE:ZSTD:EXTFS:409600',
        fullSum: 'c'.repeat(32),
        dataSizeBytes: 400 * MiB,
        sourceClientId: modelo.id,
        sourcePartition: 2,
      });
      expect((await core.api(`/clients/${modelo.id}`)).body.status).toBe('og-live');
    });
  });

  it('ignores a repository report that arrives after a newer one (retried late)', async () => {
    const image = (await core.api('/images?name=image-test')).body.items[0];
    const late: RepositoryEvent = {
      id: randomUUID(),
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      repository: 'repo-demo',
      event: 'image.received',
      image: {
        name: 'image-test',
        status: 'processing',
        invalidReason: null,
        sizeBytes: 300 * MiB,
        info: null,
        dataSizeBytes: null,
        filesystemSizeBytes: null,
        sum: null,
        fullSum: null,
        torrent: false,
        modifiedAt: new Date().toISOString(),
      },
    };
    const res = await postSignedWebhook(
      `${core.baseUrl}/webhooks/repository`,
      core.env.OG_REPOSITORY_WEBHOOK_SECRET,
      late,
    );
    expect(res.status).toBe(202);
    // the inbox applies the report later: a fixed sleep could check the image before the late report was looked at
    const db = core.app.get(DataSource);
    await expectEventually(async () =>
      expect(
        (await db.query(`SELECT "processedAt" FROM webhook_events WHERE id = $1`, [late.id]))[0].processedAt,
      ).not.toBeNull(),
    );
    expect((await core.api(`/images/${image.id}`)).body).toMatchObject({ status: 'success', fullSum: 'c'.repeat(32) });
  });

  it('follows the repository trash: deleted → trash, recovered → success, purged → gone', async () => {
    const name = 'image-trashed';
    const file = (status: 'ready' | 'processing') => ({
      name,
      status,
      invalidReason: null,
      sizeBytes: MiB,
      info: 'PARTCLONE:ZSTD:EXTFS:100',
      dataSizeBytes: 100 * 1024,
      filesystemSizeBytes: MiB,
      sum: 'd'.repeat(32),
      fullSum: 'e'.repeat(32),
      torrent: true,
      modifiedAt: new Date().toISOString(),
    });
    let t = Date.now() - 10_000;
    const send = (event: string, status: 'ready' | 'processing') =>
      postSignedWebhook(`${core.baseUrl}/webhooks/repository`, core.env.OG_REPOSITORY_WEBHOOK_SECRET, {
        id: randomUUID(),
        occurredAt: new Date((t += 1000)).toISOString(),
        repository: 'repo-demo',
        event,
        image: file(status),
      });
    const statusOf = async () => (await core.api(`/images?name=${name}`)).body.items[0]?.status ?? 'gone';
    await send('image.aux-ready', 'ready');
    await expectEventually(async () => expect(await statusOf()).toBe('success'));
    await send('image.deleted', 'ready');
    await expectEventually(async () => expect(await statusOf()).toBe('trash'));
    await send('image.recovered', 'ready');
    await expectEventually(async () => expect(await statusOf()).toBe('success'));
    await send('image.deleted', 'ready');
    await send('image.purged', 'ready');
    await expectEventually(async () => expect(await statusOf()).toBe('gone'));
  });

  it('refuses to deploy onto a partition smaller than the image data, and sends a valid deploy as RestaurarImagen', async () => {
    const modelo = (await core.api('/clients?name=modelo')).body.items[0];
    const image = (await core.api('/images?name=image-test')).body.items[0];
    const small = await core.api('/clients', {
      body: { name: 'small', mac: '0800270b8801', ip: '127.0.3.2', organizationalUnitId: classroomId },
    });
    const disks = demoDisks();
    disks[0].partitions[1].sizeBytes = 100 * MiB;
    await postSignedWebhook(
      `${core.baseUrl}/webhooks/agent`,
      core.env.OG_AGENT_WEBHOOK_SECRET,
      agentEvent('08:00:27:0b:88:01', '127.0.3.2', { event: 'agent.started', disks }),
    );
    await expectEventually(async () =>
      expect((await core.api(`/clients/${small.body.id}`)).body.partitions).toHaveLength(4),
    );
    const refused = await core.api('/commands/deploy-image', {
      body: { clientIds: [modelo.id, small.body.id], imageId: image.id, partition: 2, method: 'UNICAST' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('PARTITION_TOO_SMALL');
    expect(refused.body.message).toContain('small');
    const ordersBefore = agentOrders.length;
    const ok = await core.api('/commands/deploy-image', {
      body: { clientIds: [modelo.id], imageId: image.id, partition: 2, method: 'UNICAST' },
    });
    expect(ok.status).toBe(202);
    await expectEventually(() => expect(agentOrders.length).toBe(ordersBefore + 1));
    expect(agentOrders[ordersBefore].body).toEqual({
      dsk: '1',
      par: '2',
      cpt: '83',
      ifs: '0',
      idi: image.id,
      nci: 'image-test',
      ipr: '127.0.68.55:8006',
      nfn: 'RestaurarImagen',
      method: 'unicast',
      ids: ok.body.traces[0].id,
    });
  });

  it('retries an unreachable agent and then fails the trace with the reason', async () => {
    const ghost = await core.api('/clients', {
      body: { name: 'ghost', mac: '0800270b8802', ip: '127.0.3.99', organizationalUnitId: classroomId },
    });
    await postSignedWebhook(
      `${core.baseUrl}/webhooks/agent`,
      core.env.OG_AGENT_WEBHOOK_SECRET,
      agentEvent('08:00:27:0b:88:02', '127.0.3.99', { event: 'agent.started', disks: demoDisks() }),
    );
    await expectEventually(async () =>
      expect((await core.api(`/clients/${ghost.body.id}`)).body.partitions).toHaveLength(4),
    );
    const res = await core.api('/commands/partition', {
      body: {
        clientIds: [ghost.body.id],
        partitions: [
          { partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: GiB },
          { partition: 4, type: 'CACHE', filesystem: 'CACHE', sizeBytes: GiB },
        ],
      },
    });
    expect(res.status).toBe(202);
    const trace = await expectEventually(
      async () => {
        const t = (await core.api(`/traces/${res.body.traces[0].id}`)).body;
        expect(t.status).toBe('failed');
        return t;
      },
      { timeoutMs: 20_000 },
    );
    expect(trace.error).toMatch(/unreachable.*after 2 attempts/);
    expect(trace.input.cfg).toEqual([
      { par: '1', cpt: 'LINUX', sfi: 'EXT4', tam: String(GiB / 1024), ope: '1' },
      { par: '4', cpt: 'CACHE', sfi: 'CACHE', tam: String(GiB / 1024), ope: '1' },
    ]);
  });

  it('serves the unit tree as the units are now, also after changes this og-core did not make (another instance, SQL)', async () => {
    type Node = { name: string; children: Node[] };
    const names = (nodes: Node[]): string[] => nodes.flatMap((n) => [n.name, ...names(n.children)]);
    const tree = async () => names((await core.api('/organizational-units/tree')).body as Node[]);
    const db = core.app.get(DataSource);
    const [unit] = await db.query(`SELECT id, name FROM organizational_units ORDER BY name LIMIT 1`);
    expect(await tree()).toContain(unit.name);
    expect(await tree()).toContain(unit.name);
    try {
      await db.query(`UPDATE organizational_units SET name = $2 WHERE id = $1`, [unit.id, 'Renamed elsewhere']);
      expect(await tree()).toEqual(expect.arrayContaining(['Renamed elsewhere']));
      expect(await tree()).not.toContain(unit.name);
      const added = await core.api('/organizational-units', { body: { name: 'Added', type: 'organizational-unit' } });
      expect(await tree()).toContain('Added');
      await db.query(`DELETE FROM organizational_units WHERE id = $1`, [added.body.id]);
      expect(await tree()).not.toContain('Added');
    } finally {
      await db.query(`UPDATE organizational_units SET name = $2 WHERE id = $1`, [unit.id, unit.name]);
    }
    expect(await tree()).toContain(unit.name);
  });

  it('lists a classroom as its clients are now, also after changes this og-core did not make (another instance, SQL)', async () => {
    const db = core.app.get(DataSource);
    const page = async (unit: string) =>
      (await core.api(`/clients?organizationalUnitId=${unit}&itemsPerPage=100`)).body as {
        total: number;
        items: Array<{ id: string; name: string; status: string }>;
      };
    const other = (
      await core.api('/organizational-units', { body: { name: 'Aula Otra', type: 'classroom', parentId: ouId } })
    ).body.id as string;
    const [pc] = (await page(classroomId)).items;
    const before = await page(classroomId);
    expect(await page(classroomId)).toEqual(before);
    await db.query(`UPDATE clients SET status = 'windows' WHERE id = $1`, [pc.id]);
    expect((await page(classroomId)).items.find((c) => c.id === pc.id)?.status).toBe('windows');
    await db.query(`UPDATE clients SET "organizationalUnitId" = $2 WHERE id = $1`, [pc.id, other]);
    expect((await page(classroomId)).items.map((c) => c.id)).not.toContain(pc.id);
    expect((await page(other)).items.map((c) => c.id)).toEqual([pc.id]);
    await db.query(`UPDATE clients SET "organizationalUnitId" = $2, status = $3 WHERE id = $1`, [
      pc.id,
      classroomId,
      pc.status,
    ]);
    expect(await page(other)).toMatchObject({ total: 0, items: [] });
    expect(await page(classroomId)).toEqual(before);
    // TRUNCATE bumps every unit's version (checked inside a transaction that is rolled back).
    await db
      .transaction(async (tx) => {
        const version = async (unit: string) =>
          Number(
            (
              await tx.query(
                `SELECT COALESCE((SELECT version FROM client_list_versions WHERE "organizationalUnitId" = $1), 0) AS v`,
                [unit],
              )
            )[0].v,
          );
        const was = [await version(classroomId), await version(ouId)];
        await tx.query(`TRUNCATE clients CASCADE`);
        expect([await version(classroomId), await version(ouId)]).toEqual([was[0] + 1, was[1] + 1]);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await page(classroomId)).toEqual(before);
    await core.api(`/organizational-units/${other}`, { method: 'DELETE' });
  });

  it('keeps every stored client document equal to the JSON the API builds from the row (created, patched, reported)', async () => {
    const db = core.app.get(DataSource);
    const [{ clients }] = await db.query(`SELECT count(*)::int AS clients FROM clients`);
    expect(clients).toBeGreaterThan(1);
    const stale = await db.query(
      `SELECT c.id, c.document, ${clientJsonSql(false)}::text AS fresh FROM clients c
       WHERE c.document IS DISTINCT FROM ${clientJsonSql(false)}::text`,
    );
    expect(stale).toEqual([]);
    const page = await core.api('/clients?itemsPerPage=100&sort=lastSeenAt&order=desc');
    expect(page.body.items.map((c: { id: string }) => c.id)).toHaveLength(clients);
  });
});
