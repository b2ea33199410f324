import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@og/testing';
import { HardwareProfileEntity } from './modules/profiles/hardware-profile.entity';
import { SoftwareProfileEntity } from './modules/profiles/software-profile.entity';
import { CoreTestApp, startCoreTestApp } from './core-test-app';

/**
 * The role matrix: every resource, every role, reads and writes, inside and outside the caller's units.
 *
 * Scoped users (viewer, operator, ou-admin) are assigned "Aula A" of "Centro"; "Aula B" is outside their units.
 * Each row states the exact status per role; writes get fresh fixtures per role, so every cell is independent.
 *
 * What the design answers, as checked here:
 * - a role too weak for a route: 403, before anything is looked up;
 * - an existing resource outside the caller's units: 403 (an unknown id is 404 for everyone, looked up first);
 * - another user's API token through `/users/me/api-tokens/{id}`: 404 (it is not the caller's to see);
 * - lists are filtered to the caller's units, also when the filter names a unit outside them (empty page);
 * - subnets, image repositories, images, ogLives and profiles are shared catalogues: every role reads
 *   them; ou-admins edit images; only super-admins edit the others;
 * - an ou-admin edits its own units (fields) but may not delete or move them: like creating a top-level unit,
 *   that needs the parent in its units.
 */

type Role = 'viewer' | 'operator' | 'ou-admin' | 'super-admin';
const ROLES: Role[] = ['viewer', 'operator', 'ou-admin', 'super-admin'];
/** Expected status for [viewer, operator, ou-admin, super-admin]. */
type Statuses = [number, number, number, number];

const all = (status: number): Statuses => [status, status, status, status];
const ouAdminUp = (status: number): Statuses => [403, 403, status, status];
const operatorUp = (status: number): Statuses => [403, status, status, status];
const superOnly = (status: number): Statuses => [403, 403, 403, status];

interface Call {
  method?: string;
  path: string;
  body?: unknown;
  /** Send as this token instead of the role's user (a fresh user or an API token of that role). */
  token?: string;
}

interface Row {
  resource: string;
  call: string;
  expect: Statuses;
  /** Prepares what the call needs (as the super-admin; fresh for each role) and returns the request. */
  build: (role: Role) => Promise<Call> | Call;
}

describe('role matrix of every resource on the real PostgreSQL', () => {
  let db: TestDatabase;
  let core: CoreTestApp;
  const ids: Record<string, string> = {};
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  let seq = 0;
  let subnets = 0;

  const as = (role: Role, call: Call) => core.api(call.path, { ...call, token: call.token ?? tokens[role] });

  /** POSTs as the super-admin and returns the body. @throws when the answer is not `status`. */
  async function admin(path: string, body: unknown, status = 201): Promise<any> {
    const res = await core.api(path, { body });
    if (res.status !== status) throw new Error(`fixture POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const name = (prefix: string) => `${prefix}-${++seq}`;
  /** A fresh MAC and loopback IP: commands may try to reach the client, and only loopback is allowed. */
  const address = () => {
    const n = ++seq;
    const [hi, lo] = [(n >> 8) & 255, n & 255];
    return {
      mac: `02:77:00:00:${hi.toString(16).padStart(2, '0')}:${lo.toString(16).padStart(2, '0')}`,
      ip: `127.77.${hi}.${lo}`,
    };
  };
  const fx = {
    unit: async (parentId: string | null, type = 'clients-group'): Promise<string> =>
      (await admin('/organizational-units', { name: name('ou'), type, ...(parentId ? { parentId } : {}) })).id,
    client: async (unitId: string): Promise<string> =>
      (await admin('/clients', { name: name('pc'), ...address(), organizationalUnitId: unitId })).id,
    subnet: async (): Promise<string> =>
      (await admin('/subnets', { name: name('net'), address: `172.16.${++subnets}.0`, netmask: '255.255.255.0' })).id,
    repository: async (): Promise<string> =>
      (await admin('/image-repositories', { name: name('repo'), address: '127.77.0.1', apiToken: 'repository-token' }))
        .id,
    image: async (): Promise<string> => (await admin('/images', { name: name('img'), repositoryId: ids.repo })).id,
    ogLive: async (): Promise<string> =>
      (
        await admin('/og-lives', {
          directory: name('ogLive'),
          distribution: 'noble',
          kernel: '6.8.0',
          architecture: 'amd64',
          revision: 'r1',
        })
      ).id,
    /** A new user of `role` in `unitId` (super-admins in none), logged in. */
    user: async (role: Role, unitId = ids.aulaA): Promise<{ id: string; token: string }> => {
      const username = name(role);
      const organizationalUnitIds = role === 'super-admin' ? [] : [unitId];
      const { id } = await admin('/users', { username, password: 'password-1', roles: [role], organizationalUnitIds });
      return { id, token: (await core.login(username, 'password-1')).body.accessToken };
    },
    apiToken: async (token: string): Promise<{ id: string; token: string }> => {
      const res = await core.api('/users/me/api-tokens', { body: { name: name('tok'), expiresInDays: 1 }, token });
      if (res.status !== 201) throw new Error(`fixture api token → ${res.status}`);
      return res.body;
    },
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Port 9 on loopback: commands are accepted (202) and their dispatch fails fast, reaching nothing.
    core = await startCoreTestApp(db.url, { OG_AGENT_PORT: '9', OG_DISPATCH_ATTEMPTS: '1' });
    ids.centro = await fx.unit(null, 'organizational-unit');
    ids.aulaA = await fx.unit(ids.centro, 'classroom');
    ids.aulaB = await fx.unit(ids.centro, 'classroom');
    ids.groupA = await fx.unit(ids.aulaA);
    ids.groupB = await fx.unit(ids.aulaB);
    ids.subnet = await fx.subnet();
    ids.repo = await fx.repository();
    ids.image = await fx.image();
    ids.ogLive = await fx.ogLive();
    for (const [key, unit] of [
      ['pcA', ids.aulaA],
      ['pcGroupA', ids.groupA],
      ['pcB', ids.aulaB],
    ]) {
      ids[key] = (
        await admin('/clients', { name: key, ...address(), organizationalUnitId: unit, subnetId: ids.subnet })
      ).id;
    }
    ids.traceA = (await admin('/commands/hardware-inventory', { clientIds: [ids.pcA] }, 202)).traces[0].id;
    ids.traceB = (await admin('/commands/hardware-inventory', { clientIds: [ids.pcB] }, 202)).traces[0].id;
    const data = core.app.get(DataSource);
    for (const [key, pc] of [
      ['hardwareA', ids.pcA],
      ['hardwareB', ids.pcB],
    ]) {
      ids[key] = (await data.getRepository(HardwareProfileEntity).save({ description: key, components: [] })).id;
      await data.query(`UPDATE clients SET "hardwareProfileId" = $1 WHERE id = $2`, [ids[key], pc]);
    }
    ids.software = (
      await data.getRepository(SoftwareProfileEntity).save({ description: 'image', operatingSystem: '', packages: [] })
    ).id;
    for (const role of ROLES) ({ id: userIds[role], token: tokens[role] } = await fx.user(role));
    ids.otherToken = (await fx.apiToken((await fx.user('viewer')).token)).id;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  describe('lists show only what the caller may see', () => {
    const idsOf = (body: any) => body.items.map((x: any) => x.id).sort();

    it.each(ROLES.filter((r) => r !== 'super-admin'))('scopes every list of a %s to its units', async (role) => {
      const units = await as(role, { path: '/organizational-units' });
      expect(idsOf(units.body)).toEqual([ids.aulaA, ids.groupA].sort());
      expect(units.body.total).toBe(2);
      const tree = await as(role, { path: '/organizational-units/tree' });
      expect(tree.body).toEqual([
        {
          id: ids.aulaA,
          name: expect.any(String),
          type: 'classroom',
          parentId: ids.centro,
          children: [
            { id: ids.groupA, name: expect.any(String), type: 'clients-group', parentId: ids.aulaA, children: [] },
          ],
        },
      ]);
      const clients = await as(role, { path: '/clients' });
      expect(idsOf(clients.body)).toEqual([ids.pcA, ids.pcGroupA].sort());
      expect(clients.body.total).toBe(2);
      const filteredOutside = await as(role, { path: `/clients?organizationalUnitId=${ids.aulaB}` });
      expect(filteredOutside.body).toMatchObject({ items: [], total: 0 });
      const filteredOwn = await as(role, { path: `/clients?organizationalUnitId=${ids.aulaA}` });
      expect(idsOf(filteredOwn.body)).toEqual([ids.pcA]);
      const filteredBelow = await as(role, { path: `/clients?organizationalUnitId=${ids.groupA}` });
      expect(idsOf(filteredBelow.body)).toEqual([ids.pcGroupA]);
      const subnetClients = await as(role, { path: `/subnets/${ids.subnet}/clients` });
      expect(idsOf(subnetClients.body)).toEqual([ids.pcA, ids.pcGroupA].sort());
      const traces = await as(role, { path: '/traces' });
      expect(idsOf(traces.body)).toEqual([ids.traceA]);
      const hardware = await as(role, { path: '/hardware-profiles' });
      expect(idsOf(hardware.body)).toEqual([ids.hardwareA]);
    });

    it('shows a super-admin everything', async () => {
      expect((await as('super-admin', { path: '/organizational-units' })).body.total).toBe(5);
      expect(idsOf((await as('super-admin', { path: '/clients' })).body)).toEqual(
        [ids.pcA, ids.pcGroupA, ids.pcB].sort(),
      );
      expect(idsOf((await as('super-admin', { path: '/traces' })).body)).toEqual([ids.traceA, ids.traceB].sort());
      expect(idsOf((await as('super-admin', { path: '/hardware-profiles' })).body)).toEqual(
        [ids.hardwareA, ids.hardwareB].sort(),
      );
      const tree = (await as('super-admin', { path: '/organizational-units/tree' })).body;
      expect(tree.map((n: any) => n.id)).toEqual([ids.centro]);
      expect(tree[0].children.map((n: any) => n.id).sort()).toEqual([ids.aulaA, ids.aulaB].sort());
    });

    it.each(ROLES)('lists only the API tokens of the %s itself', async (role) => {
      const own = await fx.apiToken(tokens[role]);
      const listed = await as(role, { path: '/users/me/api-tokens' });
      expect(listed.body.map((t: any) => t.id)).toEqual([own.id]);
      expect(JSON.stringify(listed.body)).not.toContain(own.token);
      await as(role, { method: 'DELETE', path: `/users/me/api-tokens/${own.id}` });
    });
  });

  const inA = () => ids.aulaA;
  const inB = () => ids.aulaB;
  const get = (path: string): Call => ({ path });
  const post = (path: string, body: unknown): Call => ({ path, body });
  const patch = (path: string, body: unknown): Call => ({ method: 'PATCH', path, body });
  const del = (path: string): Call => ({ method: 'DELETE', path });
  const row = (resource: string, call: string, expect: Statuses, build: Row['build']): Row => ({
    resource,
    call,
    expect,
    build,
  });
  const newClient = (unitId: string) => ({ name: name('pc'), ...address(), organizationalUnitId: unitId });
  const newOgLive = () => ({
    directory: name('ogLive'),
    distribution: 'noble',
    kernel: '6.8',
    architecture: 'amd64',
    revision: 'r',
  });
  const OU = 'organizational-units';
  const rows: Row[] = [
    row(OU, 'GET list', all(200), () => get('/organizational-units')),
    row(OU, 'GET tree', all(200), () => get('/organizational-units/tree')),
    row(OU, 'GET one inside', all(200), () => get(`/organizational-units/${inA()}`)),
    row(OU, 'GET one outside', superOnly(200), () => get(`/organizational-units/${inB()}`)),
    row(OU, 'GET unknown id', all(404), () => get(`/organizational-units/${UNKNOWN}`)),
    row(OU, 'POST child inside', ouAdminUp(201), () =>
      post('/organizational-units', { name: name('ou'), type: 'clients-group', parentId: inA() }),
    ),
    row(OU, 'POST child outside', superOnly(201), () =>
      post('/organizational-units', { name: name('ou'), type: 'clients-group', parentId: inB() }),
    ),
    row(OU, 'POST top-level', superOnly(201), () =>
      post('/organizational-units', { name: name('ou'), type: 'organizational-unit' }),
    ),
    row(OU, 'PATCH own assigned unit', ouAdminUp(200), () =>
      patch(`/organizational-units/${inA()}`, { description: name('d') }),
    ),
    row(OU, 'PATCH sub-unit inside', ouAdminUp(200), async () =>
      patch(`/organizational-units/${await fx.unit(inA())}`, { name: name('ou') }),
    ),
    row(OU, 'PATCH unit outside', superOnly(200), async () =>
      patch(`/organizational-units/${await fx.unit(inB())}`, { name: name('ou') }),
    ),
    row(OU, 'move inside → inside', ouAdminUp(200), async () =>
      patch(`/organizational-units/${await fx.unit(inA())}`, { parentId: ids.groupA }),
    ),
    row(OU, 'move inside → outside', superOnly(200), async () =>
      patch(`/organizational-units/${await fx.unit(inA())}`, { parentId: inB() }),
    ),
    row(OU, 'move outside → inside', superOnly(200), async () =>
      patch(`/organizational-units/${await fx.unit(inB())}`, { parentId: inA() }),
    ),
    row(OU, 'move inside → top level', superOnly(200), async () =>
      patch(`/organizational-units/${await fx.unit(inA())}`, { parentId: null }),
    ),
    row(OU, 'DELETE empty sub-unit inside', ouAdminUp(200), async () =>
      del(`/organizational-units/${await fx.unit(inA())}`),
    ),
    row(OU, 'DELETE sub-unit inside with cascade', ouAdminUp(200), async () => {
      const unit = await fx.unit(inA());
      await fx.client(unit);
      return del(`/organizational-units/${unit}?cascade=true`);
    }),
    row(OU, 'DELETE unit outside', superOnly(200), async () => del(`/organizational-units/${await fx.unit(inB())}`)),
    row(OU, 'DELETE own assigned unit', superOnly(200), async (role) => {
      const classroom = await fx.unit(ids.centro, 'classroom');
      return { ...del(`/organizational-units/${classroom}`), token: (await fx.user(role, classroom)).token };
    }),

    row('subnets', 'GET list', all(200), () => get('/subnets')),
    row('subnets', 'GET one', all(200), () => get(`/subnets/${ids.subnet}`)),
    row('subnets', 'GET its clients', all(200), () => get(`/subnets/${ids.subnet}/clients`)),
    row('subnets', 'POST', superOnly(201), () =>
      post('/subnets', { name: name('net'), address: `172.17.${++subnets}.0`, netmask: '255.255.255.0' }),
    ),
    row('subnets', 'PATCH', superOnly(200), async () =>
      patch(`/subnets/${await fx.subnet()}`, { bootFileName: 'grldr' }),
    ),
    row('subnets', 'DELETE', superOnly(204), async () => del(`/subnets/${await fx.subnet()}`)),

    row('clients', 'GET list', all(200), () => get('/clients')),
    row('clients', 'GET one inside', all(200), () => get(`/clients/${ids.pcA}`)),
    row('clients', 'GET one in a sub-unit', all(200), () => get(`/clients/${ids.pcGroupA}`)),
    row('clients', 'GET one outside', superOnly(200), () => get(`/clients/${ids.pcB}`)),
    row('clients', 'GET unknown id', all(404), () => get(`/clients/${UNKNOWN}`)),
    row('clients', 'POST inside', ouAdminUp(201), () => post('/clients', newClient(inA()))),
    row('clients', 'POST outside', superOnly(201), () => post('/clients', newClient(inB()))),
    row('clients', 'PATCH inside', ouAdminUp(200), async () =>
      patch(`/clients/${await fx.client(inA())}`, { name: 'x' }),
    ),
    row('clients', 'PATCH outside', superOnly(200), async () =>
      patch(`/clients/${await fx.client(inB())}`, { name: 'x' }),
    ),
    row('clients', 'maintenance on, inside', ouAdminUp(200), async () =>
      patch(`/clients/${await fx.client(inA())}`, { maintenance: true }),
    ),
    row('clients', 'maintenance on, outside', superOnly(200), async () =>
      patch(`/clients/${await fx.client(inB())}`, { maintenance: true }),
    ),
    row('clients', 'move inside → inside', ouAdminUp(200), async () =>
      patch(`/clients/${await fx.client(inA())}`, { organizationalUnitId: ids.groupA }),
    ),
    row('clients', 'move inside → outside', superOnly(200), async () =>
      patch(`/clients/${await fx.client(inA())}`, { organizationalUnitId: inB() }),
    ),
    row('clients', 'move outside → inside', superOnly(200), async () =>
      patch(`/clients/${await fx.client(inB())}`, { organizationalUnitId: inA() }),
    ),
    row('clients', 'DELETE inside', ouAdminUp(204), async () => del(`/clients/${await fx.client(inA())}`)),
    row('clients', 'DELETE outside', superOnly(204), async () => del(`/clients/${await fx.client(inB())}`)),
    row('clients', 'import inside', ouAdminUp(201), () =>
      post('/clients/import', { organizationalUnitId: inA(), clients: [{ name: name('pc'), ...address() }] }),
    ),
    row('clients', 'import outside', superOnly(201), () =>
      post('/clients/import', { organizationalUnitId: inB(), clients: [{ name: name('pc'), ...address() }] }),
    ),

    row('image-repositories', 'GET list', all(200), () => get('/image-repositories')),
    row('image-repositories', 'GET one', all(200), () => get(`/image-repositories/${ids.repo}`)),
    row('image-repositories', 'GET its images', all(200), () => get(`/image-repositories/${ids.repo}/images`)),
    row('image-repositories', 'POST', superOnly(201), () =>
      post('/image-repositories', { name: name('repo'), address: '127.77.0.2', apiToken: 'repository-token' }),
    ),
    row('image-repositories', 'PATCH', superOnly(200), async () =>
      patch(`/image-repositories/${await fx.repository()}`, { comments: 'x' }),
    ),
    row('image-repositories', 'DELETE', superOnly(204), async () =>
      del(`/image-repositories/${await fx.repository()}`),
    ),

    row('images', 'GET list', all(200), () => get('/images')),
    row('images', 'GET one', all(200), () => get(`/images/${ids.image}`)),
    row('images', 'POST', ouAdminUp(201), () => post('/images', { name: name('img'), repositoryId: ids.repo })),
    row('images', 'PATCH', ouAdminUp(200), async () => patch(`/images/${await fx.image()}`, { description: 'x' })),
    row('images', 'DELETE', ouAdminUp(204), async () => del(`/images/${await fx.image()}`)),

    row('og-lives', 'GET list', all(200), () => get('/og-lives')),
    row('og-lives', 'GET one', all(200), () => get(`/og-lives/${ids.ogLive}`)),
    row('og-lives', 'POST', superOnly(201), () => post('/og-lives', newOgLive())),
    row('og-lives', 'PATCH', superOnly(200), async () => patch(`/og-lives/${await fx.ogLive()}`, { revision: 'r3' })),
    row('og-lives', 'DELETE', superOnly(204), async () => del(`/og-lives/${await fx.ogLive()}`)),

    // Profiles have a read-only API (agents' inventories fill them).
    row('hardware-profiles', 'GET list', all(200), () => get('/hardware-profiles')),
    row('hardware-profiles', 'GET one inside', all(200), () => get(`/hardware-profiles/${ids.hardwareA}`)),
    row('hardware-profiles', 'GET one outside', superOnly(200), () => get(`/hardware-profiles/${ids.hardwareB}`)),
    row('software-profiles', 'GET list', all(200), () => get('/software-profiles')),
    row('software-profiles', 'GET one', all(200), () => get(`/software-profiles/${ids.software}`)),

    row('users', 'GET me', all(200), () => get('/users/me')),
    row('users', 'GET list', superOnly(200), () => get('/users')),
    row('users', 'GET one', superOnly(200), () => get(`/users/${userIds.viewer}`)),
    row('users', 'POST', superOnly(201), () =>
      post('/users', {
        username: name('u'),
        password: 'password-1',
        roles: ['viewer'],
        organizationalUnitIds: [inA()],
      }),
    ),
    row('users', 'PATCH another user', superOnly(200), async () =>
      patch(`/users/${(await fx.user('viewer')).id}`, { roles: ['operator'] }),
    ),
    row('users', 'DELETE another user', superOnly(204), async () => del(`/users/${(await fx.user('viewer')).id}`)),
    row('users', 'PUT own password', all(204), async (role) => ({
      method: 'PUT',
      path: '/users/me/password',
      body: { currentPassword: 'password-1', newPassword: 'password-2' },
      token: (await fx.user(role)).token,
    })),

    row('api-tokens', 'POST own', all(201), () => post('/users/me/api-tokens', { name: name('t'), expiresInDays: 1 })),
    row('api-tokens', 'GET own list', all(200), () => get('/users/me/api-tokens')),
    row('api-tokens', 'DELETE own', all(204), async (role) =>
      del(`/users/me/api-tokens/${(await fx.apiToken(tokens[role])).id}`),
    ),
    row('api-tokens', 'DELETE another user’s through /me', all(404), () =>
      del(`/users/me/api-tokens/${ids.otherToken}`),
    ),
    row('api-tokens', 'POST for another user', superOnly(201), () =>
      post(`/users/${userIds.viewer}/api-tokens`, { name: name('t'), expiresInDays: 1 }),
    ),
    row('api-tokens', 'DELETE another user’s', superOnly(204), async () => {
      const user = await fx.user('viewer');
      return del(`/users/${user.id}/api-tokens/${(await fx.apiToken(user.token)).id}`);
    }),
    row('api-tokens', 'used to GET a client outside (it carries role and units)', superOnly(200), async (role) => ({
      ...get(`/clients/${ids.pcB}`),
      token: (await fx.apiToken(tokens[role])).token,
    })),
    row('api-tokens', 'used to POST a client inside', ouAdminUp(201), async (role) => ({
      ...post('/clients', newClient(inA())),
      token: (await fx.apiToken(tokens[role])).token,
    })),

    row('traces', 'GET list', all(200), () => get('/traces')),
    row('traces', 'GET one inside', all(200), () => get(`/traces/${ids.traceA}`)),
    row('traces', 'GET one outside', superOnly(200), () => get(`/traces/${ids.traceB}`)),

    // 202: accepted and queued; reaching the agent is not part of the check.
    row('commands', 'hardware-inventory inside', operatorUp(202), () =>
      post('/commands/hardware-inventory', { clientIds: [ids.pcA] }),
    ),
    row('commands', 'hardware-inventory outside', superOnly(202), () =>
      post('/commands/hardware-inventory', { clientIds: [ids.pcB] }),
    ),
    row('commands', 'hardware-inventory inside and outside at once', superOnly(202), () =>
      post('/commands/hardware-inventory', { clientIds: [ids.pcA, ids.pcB] }),
    ),
    row('commands', 'run-script inside', ouAdminUp(202), () =>
      post('/commands/run-script', { clientIds: [ids.pcA], script: 'true' }),
    ),
    row('commands', 'run-script outside', superOnly(202), () =>
      post('/commands/run-script', { clientIds: [ids.pcB], script: 'true' }),
    ),
    // 409: the trace is not running; role and scope are checked before that.
    row('commands', 'cancel a trace inside', operatorUp(409), () => post('/commands/cancel', { traceId: ids.traceA })),
    row('commands', 'cancel a trace outside', superOnly(409), () => post('/commands/cancel', { traceId: ids.traceB })),

    row('audit-log', 'GET list', superOnly(200), () => get('/audit-log')),
  ];

  const table = rows.flatMap((row) =>
    ROLES.map((role, i) => [row.resource, row.call, role, row.expect[i], row] as const),
  );

  it.each(table)('%s: %s as %s → %i', async (_resource, _call, role, status, row) => {
    const call = await row.build(role);
    const res = await as(role, call);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
  });

  it.each(rows.map((row) => [row.resource, row.call, row] as const))(
    '%s: %s without a token → 401',
    async (_resource, _call, row) => {
      const call = await row.build('super-admin');
      expect((await core.api(call.path, { ...call, token: null })).status).toBe(401);
    },
  );
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
