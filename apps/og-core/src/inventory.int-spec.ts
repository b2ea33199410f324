import { createTestDatabase, TestDatabase } from '@og/testing';
import { CoreTestApp, startCoreTestApp } from './core-test-app';

describe('the inventory a console lives on, on the real PostgreSQL', () => {
  let db: TestDatabase;
  let core: CoreTestApp;
  let centro: string;
  let aula: string;
  let subnet: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCoreTestApp(db.url);
    centro = (await core.api('/organizational-units', { body: { name: 'Centro', type: 'organizational-unit' } })).body
      .id;
    const created = await core.api('/organizational-units', {
      body: {
        name: 'Aula 1',
        type: 'classroom',
        parentId: centro,
        router: '172.17.36.1',
        netmask: '255.255.255.0',
        dns: '172.17.36.2, 172.17.36.3',
        ntp: 'ntp.example.edu',
        proxy: 'http://proxy.example.edu:3128',
        multicastClients: 30,
        multicastMaxWaitSeconds: 90,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      multicastAddress: '239.194.17.36',
      multicastClients: 30,
      dns: '172.17.36.2, 172.17.36.3',
      p2pSeedTimeSeconds: 60,
    });
    aula = created.body.id;
    subnet = (
      await core.api('/subnets', {
        body: {
          name: 'Aula 1',
          address: '172.17.36.0',
          netmask: '255.255.255.0',
          nextServer: '172.17.36.5',
          bootFileName: 'ipxe.efi',
        },
      })
    ).body.id;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  it.each([
    ['dns', { dns: '1.2.3' }],
    ['ntp', { ntp: 'bad host!' }],
    ['proxy', { proxy: 'ftp://x' }],
    ['multicastAddress', { multicastAddress: '10.0.0.1' }],
  ])('refuses a classroom with a bad %s, naming it', async (field, patch) => {
    const res = await core.api(`/organizational-units/${aula}`, { method: 'PATCH', body: patch });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('imports a classroom from CSV all or nothing, with every refused row', async () => {
    const bad = await core.api('/clients/import', {
      body: {
        organizationalUnitId: aula,
        subnetId: subnet,
        csv: 'name,mac,ip\npc01,02:00:00:00:10:01,172.17.36.11\npc02,02-00-00-00-10-01,172.17.36.12\npc03,zz,172.17.36.13\n',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('IMPORT_INVALID');
    expect(bad.body.details.errors).toEqual([
      { row: 2, field: 'mac', message: 'mac 02:00:00:00:10:01 repeats row 1' },
      { row: 3, field: 'mac', message: 'mac must be a MAC address' },
    ]);
    expect((await core.api(`/clients?organizationalUnitId=${aula}`)).body.total).toBe(0);
    const rows = Array.from(
      { length: 30 },
      (_, i) =>
        `pc${String(i + 1).padStart(2, '0')},02:00:00:00:10:${(i + 1).toString(16).padStart(2, '0')},172.17.36.${11 + i}`,
    );
    const ok = await core.api('/clients/import', {
      body: { organizationalUnitId: aula, subnetId: subnet, csv: `name,mac,ip\n${rows.join('\n')}\n` },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.created).toBe(30);
    const again = await core.api('/clients/import', {
      body: { organizationalUnitId: aula, clients: [{ name: 'x', mac: '02:00:00:00:10:01', ip: '172.17.36.99' }] },
    });
    expect(again.body.details.errors).toEqual([
      { row: 1, field: 'mac', message: 'mac 02:00:00:00:10:01 already belongs to client pc01' },
    ]);
  });

  it('lists a subnet’s clients, paginates, filters and sorts', async () => {
    const page = await core.api(`/subnets/${subnet}/clients?itemsPerPage=10&page=2&sort=ip&order=desc`);
    expect(page.body).toMatchObject({ total: 30, page: 2, itemsPerPage: 10 });
    expect(page.body.items[0].ip).toBe('172.17.36.30');
    expect((await core.api('/clients?mac=020000001005')).body.items.map((c: any) => c.name)).toEqual(['pc05']);
    const badSort = await core.api('/clients?sort=password');
    expect(badSort.status).toBe(400);
    expect(badSort.body.message).toContain('sort must be one of');
  });

  it('keeps exactly one default ogLive', async () => {
    const base = { distribution: 'noble', kernel: '6.8.0-31-generic', architecture: 'amd64', revision: 'r20241128' };
    const first = await core.api('/og-lives', { body: { ...base, directory: 'ogLive-a' } });
    expect(first.body.isDefault).toBe(true);
    const second = await core.api('/og-lives', { body: { ...base, directory: 'ogLive-b', isDefault: true } });
    expect(second.body.isDefault).toBe(true);
    const list = await core.api('/og-lives');
    expect(list.body.items.filter((o: any) => o.isDefault).map((o: any) => o.directory)).toEqual(['ogLive-b']);
    const dup = await core.api('/og-lives', { body: { ...base, directory: 'ogLive-a' } });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('directory');
    const client = (await core.api('/clients?name=pc01')).body.items[0];
    const assigned = await core.api(`/clients/${client.id}`, {
      method: 'PATCH',
      body: { ogLiveId: first.body.id, maintenance: true, serialNumber: 'CZC123' },
    });
    expect(assigned.body).toMatchObject({ ogLiveId: first.body.id, maintenance: true, serialNumber: 'CZC123' });
  });

  it('refuses commands to a client in maintenance', async () => {
    const client = (await core.api('/clients?name=pc01')).body.items[0];
    const res = await core.api('/commands/partition', {
      body: {
        clientIds: [client.id],
        partitions: [{ partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: 1048576 }],
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CLIENT_IN_MAINTENANCE');
  });

  it('lists a repository’s images and the (empty) inventory profiles', async () => {
    const repo = await core.api('/image-repositories', {
      body: { name: 'repo1', address: '127.0.5.1', apiToken: 'repository-token' },
    });
    await core.api('/images', { body: { name: 'win11', type: 'Windows', repositoryId: repo.body.id } });
    expect((await core.api(`/image-repositories/${repo.body.id}/images`)).body.items.map((i: any) => i.name)).toEqual([
      'win11',
    ]);
    expect((await core.api('/hardware-profiles')).body).toMatchObject({ total: 0, items: [] });
    expect((await core.api('/software-profiles')).body).toMatchObject({ total: 0, items: [] });
  });

  it('deletes a unit with children only when asked to cascade', async () => {
    const refused = await core.api(`/organizational-units/${centro}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('cascade=true');
    const done = await core.api(`/organizational-units/${centro}?cascade=true`, { method: 'DELETE' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ units: 2, clients: 30 });
    expect((await core.api('/clients')).body.total).toBe(0);
  });
});
