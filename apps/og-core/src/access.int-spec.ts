import { createTestDatabase, TestDatabase } from '@og/testing';
import { CoreTestApp, startCoreTestApp } from './core-test-app';

/** Users of each role scoped to one classroom ("Aula A") of a centre that also has "Aula B". */
describe('roles and organizational-unit scopes on the real PostgreSQL', () => {
  let db: TestDatabase;
  let core: CoreTestApp;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const as = (who: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    core.api(path, { ...init, token: tokens[who] });

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCoreTestApp(db.url, { OG_LOGIN_MAX_FAILURES_PER_USER: '3' });
    ids.centro = (
      await core.api('/organizational-units', { body: { name: 'Centro', type: 'organizational-unit' } })
    ).body.id;
    for (const aula of ['A', 'B']) {
      ids[`aula${aula}`] = (
        await core.api('/organizational-units', {
          body: {
            name: `Aula ${aula}`,
            type: 'classroom',
            parentId: ids.centro,
            router: '10.0.1.1',
            netmask: '255.255.255.0',
          },
        })
      ).body.id;
    }
    ids.pcA = (
      await core.api('/clients', {
        body: { name: 'pc-a', mac: '02:00:00:00:00:0a', ip: '127.0.4.10', organizationalUnitId: ids.aulaA },
      })
    ).body.id;
    ids.pcB = (
      await core.api('/clients', {
        body: { name: 'pc-b', mac: '02:00:00:00:00:0b', ip: '127.0.4.11', organizationalUnitId: ids.aulaB },
      })
    ).body.id;
    ids.repo = (
      await core.api('/image-repositories', {
        body: { name: 'repo', address: '127.0.4.1', apiToken: 'repository-token' },
      })
    ).body.id;
    for (const role of ['viewer', 'operator', 'ou-admin']) {
      const created = await core.api('/users', {
        body: { username: role, password: 'password-1', roles: [role], organizationalUnitIds: [ids.aulaA] },
      });
      expect(created.status).toBe(201);
      expect(created.body.passwordHash).toBeUndefined();
      tokens[role] = (await core.login(role, 'password-1')).body.accessToken;
    }
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  it('shows each scoped user only its own units and clients in lists', async () => {
    for (const role of ['viewer', 'operator', 'ou-admin']) {
      const units = await as(role, '/organizational-units');
      expect(units.body.items.map((u: any) => u.name)).toEqual(['Aula A']);
      const clients = await as(role, '/clients');
      expect(clients.body).toMatchObject({ total: 1, items: [{ name: 'pc-a' }] });
      const tree = await as(role, '/organizational-units/tree');
      expect(tree.body.map((n: any) => n.name)).toEqual(['Aula A']);
    }
    const all = await core.api('/organizational-units/tree');
    expect(all.body).toMatchObject([{ name: 'Centro', children: [{ name: 'Aula A' }, { name: 'Aula B' }] }]);
  });

  it('answers 403 for a resource outside the caller’s units', async () => {
    expect((await as('viewer', `/clients/${ids.pcB}`)).status).toBe(403);
    expect((await as('viewer', `/clients/${ids.pcA}`)).status).toBe(200);
    expect(
      (await as('ou-admin', `/organizational-units/${ids.aulaB}`, { method: 'PATCH', body: { name: 'x' } })).status,
    ).toBe(403);
    expect(
      (
        await as('operator', '/commands/partition', {
          body: {
            clientIds: [ids.pcB],
            partitions: [{ partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: 1048576 }],
          },
        })
      ).status,
    ).toBe(403);
  });

  it.each([
    ['viewer', 403, 403, 403],
    ['operator', 403, 400, 403],
    ['ou-admin', 201, 400, 403],
  ])(
    'lets a %s edit inventory (%i), run commands (%i), manage users (%i) as its role allows',
    async (role, edit, command, users) => {
      const client = await as(role, '/clients', {
        body: {
          name: `new-${role}`,
          mac: `02:00:00:00:01:0${role.length}`,
          ip: `127.0.4.${20 + role.length}`,
          organizationalUnitId: ids.aulaA,
        },
      });
      expect(client.status).toBe(edit);
      // 400: the client has no reported disk; what matters is that the role got past the 403.
      const cmd = await as(role, '/commands/partition', {
        body: {
          clientIds: [ids.pcA],
          partitions: [{ partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: 1048576 }],
        },
      });
      expect(cmd.status).toBe(command);
      expect((await as(role, '/users')).status).toBe(users);
      expect(
        (await as(role, '/image-repositories', { body: { name: 'x', address: 'x', apiToken: 'xxxxxxxx' } })).status,
      ).toBe(403);
    },
  );

  it('keeps an ou-admin inside its units when moving or creating', async () => {
    expect(
      (await as('ou-admin', '/organizational-units', { body: { name: 'Top', type: 'organizational-unit' } })).status,
    ).toBe(403);
    const group = await as('ou-admin', '/organizational-units', {
      body: { name: 'Fila 1', type: 'clients-group', parentId: ids.aulaA },
    });
    expect(group.status).toBe(201);
    expect(
      (
        await as('ou-admin', `/organizational-units/${group.body.id}`, {
          method: 'PATCH',
          body: { parentId: ids.aulaB },
        })
      ).status,
    ).toBe(403);
    expect(
      (await as('ou-admin', `/clients/${ids.pcA}`, { method: 'PATCH', body: { organizationalUnitId: ids.aulaB } }))
        .status,
    ).toBe(403);
    const moved = await as('ou-admin', `/clients/${ids.pcA}`, {
      method: 'PATCH',
      body: { organizationalUnitId: group.body.id },
    });
    expect(moved.body.organizationalUnitId).toBe(group.body.id);
  });

  it('refreshes tokens once, changes a password and revokes the old refresh token', async () => {
    const login = await core.login('viewer', 'password-1');
    const refreshed = await core.api('/auth/refresh', { body: { refreshToken: login.body.refreshToken }, token: null });
    expect(refreshed.status).toBe(200);
    expect(
      (await core.api('/auth/refresh', { body: { refreshToken: login.body.refreshToken }, token: null })).status,
    ).toBe(401);
    const wrong = await core.api('/users/me/password', {
      method: 'PUT',
      body: { currentPassword: 'nope', newPassword: 'password-2' },
      token: refreshed.body.accessToken,
    });
    expect(wrong.status).toBe(401);
    const changed = await core.api('/users/me/password', {
      method: 'PUT',
      body: { currentPassword: 'password-1', newPassword: 'password-2' },
      token: refreshed.body.accessToken,
    });
    expect(changed.status).toBe(204);
    expect(
      (await core.api('/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken }, token: null })).status,
    ).toBe(401);
    expect((await core.login('viewer', 'password-2')).status).toBe(200);
  });

  it("refuses an access token issued before the user's roles or units changed, or after it was deleted", async () => {
    const created = await core.api('/users', {
      body: { username: 'mover', password: 'password-1', roles: ['viewer'], organizationalUnitIds: [ids.aulaA] },
    });
    const before = (await core.login('mover', 'password-1')).body.accessToken;
    const names = async (token: string) => (await core.api('/clients', { token })).body.items.map((c: any) => c.name);
    expect(await names(before)).toContain('pc-a');
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 10)); // `iat` has whole seconds
    const moved = await core.api(`/users/${created.body.id}`, {
      method: 'PATCH',
      body: { organizationalUnitIds: [ids.aulaB] },
    });
    expect(moved.status).toBe(200);
    const stale = await core.api('/clients', { token: before });
    expect(stale).toMatchObject({ status: 401, body: { message: expect.stringMatching(/log in again/) } });
    const after = (await core.login('mover', 'password-1')).body.accessToken;
    expect(await names(after)).toEqual(['pc-b']);
    expect((await core.api(`/users/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await core.api('/clients', { token: after })).status).toBe(401);
  });

  it('issues API tokens that work until revoked or expired', async () => {
    const issued = await as('operator', '/users/me/api-tokens', { body: { name: 'script', expiresInDays: 1 } });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^ogt_/);
    const viaToken = await core.api('/clients', { token: issued.body.token });
    expect(viaToken.body.items.map((c: any) => c.name)).toContain('pc-a');
    expect((await as('operator', '/users/me/api-tokens')).body).toHaveLength(1);
    expect((await as('operator', `/users/me/api-tokens/${issued.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await core.api('/clients', { token: issued.body.token })).status).toBe(401);
  });

  it('limits failed logins per user with 429 and a retry time', async () => {
    await core.api('/users', {
      body: { username: 'target', password: 'password-1', roles: ['viewer'], organizationalUnitIds: [ids.aulaA] },
    });
    for (let i = 0; i < 3; i++) expect((await core.login('target', 'wrong')).status).toBe(401);
    const locked = await core.login('target', 'password-1');
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/too many failed logins for user target; retry in \d+ s/);
  });

  it('records every write in the audit log, filterable by user', async () => {
    const log = await core.api('/audit-log?username=ou-admin');
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBeGreaterThanOrEqual(3);
    expect(log.body.items[0]).toMatchObject({
      username: 'ou-admin',
      method: expect.any(String),
      route: expect.any(String),
      statusCode: expect.any(Number),
    });
    expect(
      log.body.items.some(
        (e: any) =>
          e.route === '/clients/:id' && e.method === 'PATCH' && e.resourceId === ids.pcA && e.statusCode === 200,
      ),
    ).toBe(true);
    expect((await as('ou-admin', '/audit-log')).status).toBe(403);
  });

  it('records the id of a created resource and refused writes with their status', async () => {
    const items = (await core.api('/audit-log?itemsPerPage=100')).body.items as any[];
    expect(items).toContainEqual(
      expect.objectContaining({ method: 'POST', route: '/clients', resourceId: ids.pcA, statusCode: 201 }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        username: 'ou-admin',
        method: 'PATCH',
        route: '/organizational-units/:id',
        resourceId: ids.aulaB,
        statusCode: 403,
      }),
    );
    expect(items.some((e) => e.method === 'GET')).toBe(false);
  });

  it('refuses users without units (unless super-admin) and unknown roles, naming the field', async () => {
    const noUnits = await core.api('/users', {
      body: { username: 'nounits', password: 'password-1', roles: ['viewer'] },
    });
    expect(noUnits.status).toBe(400);
    expect(noUnits.body.message).toContain('organizationalUnitIds');
    const badRole = await core.api('/users', {
      body: { username: 'badrole', password: 'password-1', roles: ['root'] },
    });
    expect(badRole.status).toBe(400);
    expect(JSON.stringify(badRole.body.message)).toContain('roles');
    const dup = await core.api('/users', {
      body: { username: 'viewer', password: 'password-1', roles: ['super-admin'] },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('username');
  });
});
