import { access, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentJobView, JobFinishedEvent, JobResult, SoftwarePackage } from '@og/contracts';
import { buildEmptyHive, CACHE_IMAGES_DIR, formatCache, mergeRegistry, regSz, REG_DWORD, REG_SZ } from '@og/imaging';
import { expectEventually, run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { AgentRig } from '@agent/testing/agent-rig';

const MiB = 1024 * 1024;
const NAME = 'pc-orders';

const sz = (name: string, text: string) => ({ name, type: REG_SZ, data: regSz(text) });
const dword = (name: string, n: number) => ({ name, type: REG_DWORD, data: Buffer.from([n, 0, 0, 0]) });

/** Runs `fn` with `device` mounted read-write (ntfs-3g for NTFS). */
async function mounted<T>(device: string, fn: (dir: string) => Promise<T>, ro = false): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'og-int-orders-'));
  await run('mount', [...(ro ? ['-o', 'ro'] : []), device, dir]);
  try {
    return await fn(dir);
  } finally {
    await run('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A tiny noarch rpm built with rpmbuild in `dir`; returns its path. */
async function buildRpm(dir: string, name: string, version: string, release: string, epoch?: number): Promise<string> {
  const top = join(dir, `top-${name}`);
  await mkdir(join(top, 'SPECS'), { recursive: true });
  const spec = join(top, 'SPECS', `${name}.spec`);
  await writeFile(
    spec,
    `Name: ${name}\nVersion: ${version}\nRelease: ${release}\n${epoch ? `Epoch: ${epoch}\n` : ''}` +
      'Summary: ogsuite test package\nLicense: MIT\nBuildArch: noarch\n%description\ntest\n%files\n',
  );
  await run('rpmbuild', ['--define', `_topdir ${top}`, '-bb', spec]);
  const rpms = await readdir(join(top, 'RPMS', 'noarch'));
  return join(top, 'RPMS', 'noarch', rpms[0]);
}

/** dpkg packages of this machine as dpkg-query reports them (installed, or configured with triggers pending). */
async function hostDpkg(): Promise<string[]> {
  const out = await run('dpkg-query', ['-W', '-f', '${db:Status-Status}\\t${Package}\\t${Version}\\n']);
  const lines = out
    .split('\n')
    .map((l) => l.split('\t'))
    .filter(([state]) => ['installed', 'triggers-awaited', 'triggers-pending'].includes(state))
    .map(([, name, version]) => `${name}\t${version}`);
  return [...new Set(lines)].sort();
}

describe('og-agent inventory, CACHE and power orders on real loop devices', () => {
  let disk: VirtualDisk;
  let target: VirtualDisk;
  let rig: AgentRig;
  let agent: AgentHarness;
  let work: string;

  async function order(nfn: string, body: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
    return agent.call('POST', `/CloningEngine/${nfn}`, { nfn, ...body });
  }

  async function finished(jobId: string, on = rig): Promise<JobFinishedEvent> {
    return expectEventually(() => {
      const e = on.core.jobEvents(jobId).find((x) => x.event === 'job.finished') as JobFinishedEvent | undefined;
      if (!e) throw new Error(`no job.finished for ${jobId}`);
      return e;
    });
  }

  /** Sends an order, waits for its job, returns the view and the job.finished result. */
  async function job(
    nfn: string,
    body: Record<string, unknown> = {},
  ): Promise<{ view: AgentJobView; result: JobResult }> {
    const accepted = await order(nfn, body);
    expect(accepted.status).toBe(202);
    const view = await agent.waitJob(accepted.body.job_id);
    return { view, result: (await finished(view.job_id)).result };
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'og-int-orders-work-'));
    disk = await VirtualDisk.create(400 * MiB);
    target = await VirtualDisk.create(200 * MiB);
    // 1 Debian-like ext4 (dpkg), 2 Fedora-like ext4 (rpm), 3 NTFS with Windows hives, 4 CACHE.
    await run('sfdisk', ['-q', disk.device], {
      input:
        'label: dos\nunit: sectors\n\nstart=2048, size=131072, type=83\nstart=133120, size=131072, type=83\n' +
        'start=264192, size=131072, type=7\nstart=395264, size=409600, type=ca\n',
    });
    await disk.refreshPartitions();
    await run('sfdisk', ['-q', target.device], {
      input: 'label: dos\nunit: sectors\n\nstart=2048, size=131072, type=83\nstart=133120, size=131072, type=7\n',
    });
    await target.refreshPartitions();
    await run('mkfs.ext4', ['-F', '-q', disk.partition(1)]);
    await run('mkfs.ext4', ['-F', '-q', disk.partition(2)]);
    await run('mkfs.ntfs', ['-f', '-q', disk.partition(3)]);
    await run('mkfs.ext4', ['-F', '-q', target.partition(1)]);
    await run('mkfs.ntfs', ['-f', '-q', target.partition(2)]);
    await formatCache(disk.partition(4));

    await mounted(disk.partition(1), async (dir) => {
      await mkdir(join(dir, 'var/lib/dpkg'), { recursive: true });
      await mkdir(join(dir, 'etc'), { recursive: true });
      await writeFile(join(dir, 'var/lib/dpkg/status'), await readFile('/var/lib/dpkg/status'));
      await writeFile(
        join(dir, 'etc/os-release'),
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n',
      );
      await writeFile(join(dir, 'etc/hosts'), '127.0.0.1\tlocalhost\n127.0.1.1\tmodelo\n');
    });
    const rpms = [
      await buildRpm(work, 'og-test-tool', '1.2.3', '4', 2),
      await buildRpm(work, 'aa-lib', '0.9', '1.fc40'),
    ];
    await mounted(disk.partition(2), async (dir) => {
      // Fedora ≥ 36: the database lives in /usr/lib/sysimage/rpm and /var/lib/rpm links to it.
      const db = join(dir, 'usr/lib/sysimage/rpm');
      await mkdir(db, { recursive: true });
      await mkdir(join(dir, 'var/lib'), { recursive: true });
      await symlink('../../usr/lib/sysimage/rpm', join(dir, 'var/lib/rpm'));
      await run('rpm', ['--initdb', '--dbpath', db]);
      await run('rpm', ['-i', '--justdb', '--nodeps', '--dbpath', db, ...rpms]);
      await mkdir(join(dir, 'usr/lib'), { recursive: true });
      await writeFile(
        join(dir, 'usr/lib/os-release'),
        'NAME="Fedora Linux"\nPRETTY_NAME="Fedora Linux 40 (Workstation Edition)"\n',
      );
      await mkdir(join(dir, 'etc'), { recursive: true });
      await symlink('/usr/lib/os-release', join(dir, 'etc/os-release'));
    });
    await mounted(disk.partition(3), async (dir) => {
      const config = join(dir, 'Windows/System32/config');
      await mkdir(config, { recursive: true });
      await writeFile(join(config, 'SOFTWARE'), buildEmptyHive());
      await mergeRegistry(join(config, 'SOFTWARE'), 'HKEY_LOCAL_MACHINE\\SOFTWARE', [
        {
          path: 'Microsoft\\Windows NT\\CurrentVersion',
          values: [sz('ProductName', 'Windows 10 Pro'), sz('CurrentBuildNumber', '22631')],
        },
        {
          path: 'Microsoft\\Windows\\CurrentVersion\\Uninstall\\{95120000-00B9-0409-1000-0000000FF1CE}',
          values: [sz('DisplayName', 'LibreOffice 7.6.4.1'), sz('DisplayVersion', '7.6.4.1')],
        },
        {
          path: 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\GeoGebra',
          values: [sz('DisplayName', 'GeoGebra Classic'), sz('DisplayVersion', '6.0.814')],
        },
      ]);
      await writeFile(join(config, 'SYSTEM'), buildEmptyHive());
      await mergeRegistry(join(config, 'SYSTEM'), 'HKEY_LOCAL_MACHINE\\SYSTEM', [
        { path: 'Select', values: [dword('Current', 1)] },
        { path: 'ControlSet001\\Control\\ComputerName\\ComputerName', values: [sz('ComputerName', 'MODELO')] },
        { path: 'ControlSet001\\Services\\Tcpip\\Parameters', values: [sz('Hostname', 'modelo')] },
      ]);
    });
    rig = await AgentRig.start([disk.device, target.device], { mac: '08:00:27:4f:be:51', name: NAME });
    agent = rig.agent;
  });

  afterAll(async () => {
    await rig?.stop();
    await disk?.destroy();
    await target?.destroy();
    await rm(work, { recursive: true, force: true });
  });

  it('InventarioSoftware lists the dpkg packages of a Debian partition exactly as dpkg-query does on this machine', async () => {
    const { view, result } = await job('InventarioSoftware', { dsk: '1', par: '1', ids: 'trace-sw' });
    expect(view).toMatchObject({ state: 'success', nfn: 'InventarioSoftware', ids: 'trace-sw' });
    expect(result.operatingSystem).toBe('Debian GNU/Linux 12 (bookworm)');
    const software = result.software!;
    expect(software.every((p) => p.source === 'dpkg')).toBe(true);
    expect([...new Set(software.map((p) => `${p.name}\t${p.version}`))].sort()).toEqual(await hostDpkg());
    const names = software.map((p) => p.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(await mounted(disk.partition(1), async () => true)).toBe(true); // unmounted again: it mounts here
  });

  it("InventarioSoftware reads an rpm database under /usr/lib/sysimage/rpm, never the agent machine's own files", async () => {
    const { view, result } = await job('InventarioSoftware', { dsk: 1, par: 2 });
    expect(view.state).toBe('success');
    // etc/os-release is an absolute link: it must resolve inside the partition, not to this machine's Debian.
    expect(result.operatingSystem).toBe('Fedora Linux 40 (Workstation Edition)');
    expect(result.software).toEqual<SoftwarePackage[]>([
      { name: 'aa-lib', version: '0.9-1.fc40', source: 'rpm' },
      { name: 'og-test-tool', version: '2:1.2.3-4', source: 'rpm' },
    ]);
  });

  it('CrearImagen reports the software inventory of the partition it captured (read before shrinking)', async () => {
    const { view, result } = await job('CrearImagen', { dsk: 1, par: 2, nci: 'fedora', ipr: rig.repo.address });
    expect(view.state).toBe('success');
    expect(result.imageInfo).toMatchObject({ tool: 'PARTCLONE', compressor: 'ZSTD', filesystem: 'EXTFS' });
    expect(result.operatingSystem).toBe('Fedora Linux 40 (Workstation Edition)');
    expect(result.software!.map((p) => p.name)).toEqual(['aa-lib', 'og-test-tool']);
  });

  it('InventarioSoftware reads the uninstall keys (64- and 32-bit) and product name of a Windows SOFTWARE hive', async () => {
    const { view, result } = await job('InventarioSoftware', { dsk: 1, par: 3 });
    expect(view.state).toBe('success');
    expect(result.operatingSystem).toBe('Windows 11 Pro');
    expect(result.software).toEqual([
      { name: 'GeoGebra Classic', version: '6.0.814', source: 'windows' },
      { name: 'LibreOffice 7.6.4.1', version: '7.6.4.1', source: 'windows' },
    ]);
  });

  it('InventarioSoftware refuses a partition that does not exist and reports nothing for one without an OS', async () => {
    const missing = await order('InventarioSoftware', { dsk: 1, par: 9 });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^par 9/);
    const { view, result } = await job('InventarioSoftware', { dsk: 1, par: 4 });
    // The CACHE is an ext4 without an OS: an empty inventory, not an error.
    expect(view.state).toBe('success');
    expect(result).toEqual({ operatingSystem: null, software: [] });
  });

  it('restores a Windows partition named as this PC in its SYSTEM hive, while InventarioSoftware refuses that partition (409) but reads others', async () => {
    await run('sh', [
      '-c',
      `partclone.ntfs -c -s ${disk.partition(3)} -o - -q -L /dev/null | zstd -q -c > '${rig.repo.imagePath('win')}'`,
    ]);
    rig.repo.throttle.set('win', 2 * MiB);
    const accepted = await order('RestaurarImagen', {
      dsk: 2,
      par: 2,
      nci: 'win',
      ipr: rig.repo.address,
      method: 'unicast-direct',
    });
    expect(accepted.status).toBe(202);
    await expectEventually(async () => {
      const { body } = await agent.call('GET', `/CloningEngine/jobs/${accepted.body.job_id}`);
      if (body.stage !== 'write') throw new Error(`restore at ${body.stage}`);
    });
    const refused = await order('InventarioSoftware', { dsk: 2, par: 2 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PARTITION_BEING_WRITTEN');
    const beside = await order('InventarioSoftware', { dsk: 1, par: 3 });
    expect(beside.status).toBe(202);
    expect(await agent.waitJob(beside.body.job_id)).toMatchObject({ state: 'success' });

    const restored = await agent.waitJob(accepted.body.job_id);
    expect(restored).toMatchObject({ state: 'success', error: null });
    expect((await finished(restored.job_id)).result.hostname).toBe(NAME);
    await mounted(
      target.partition(2),
      async (dir) => {
        const hive = join(dir, 'Windows/System32/config/SYSTEM');
        const get = async (key: string, value: string) => (await run('hivexget', [hive, key, value])).trim();
        expect(await get('ControlSet001\\Control\\ComputerName\\ComputerName', 'ComputerName')).toBe('PC-ORDERS');
        expect(await get('ControlSet001\\Control\\ComputerName\\ActiveComputerName', 'ComputerName')).toBe('PC-ORDERS');
        expect(await get('ControlSet001\\Services\\Tcpip\\Parameters', 'Hostname')).toBe(NAME);
        expect(await get('ControlSet001\\Services\\Tcpip\\Parameters', 'NV Hostname')).toBe(NAME);
      },
      true,
    );
  });

  it('Actualizar reads the disks again and reports them in its result only (agent.started would mean idle)', async () => {
    const started = () => rig.core.events.filter((e) => e.event === 'agent.started').length;
    await expectEventually(() => expect(started()).toBe(1)); // the announcement at boot

    await run('mkfs.ntfs', ['-f', '-q', target.partition(1)]);
    const { view, result } = await job('Actualizar', { ids: 'trace-refresh' });
    expect(view.state).toBe('success');
    expect(result.disks!.map((d) => d.device)).toEqual([disk.device, target.device]);
    expect(result.disks![1].partitions[0]).toMatchObject({ partition: 1, filesystem: 'NTFS' });
    expect(result.disks![0].partitions[0].os).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(started()).toBe(1);
  });

  describe('CACHE orders', () => {
    let imageBytes: number;

    beforeAll(async () => {
      await run('sh', ['-c', `head -c 6M /dev/urandom > '${rig.repo.imagePath('cached')}'`]);
      imageBytes = (await stat(rig.repo.imagePath('cached'))).size;
    });

    const cacheFiles = () =>
      mounted(disk.partition(4), (dir) => readdir(join(dir, CACHE_IMAGES_DIR)).then((l) => l.sort()));

    it('ActualizarCache downloads the image into the CACHE, verified, and a second one is a cache hit', async () => {
      const first = await job('ActualizarCache', { nci: 'cached', ipr: rig.repo.address, idi: '7' });
      expect(first.view).toMatchObject({ state: 'success', error: null });
      expect(first.result).toEqual({ cacheHit: false, transferredBytes: imageBytes, cacheImages: ['cached.img'] });
      const gets = rig.repo.requests.filter(
        (r) => r.method === 'GET' && r.url.endsWith('/cached/file') && !r.range,
      ).length;
      const second = await job('ActualizarCache', { nci: 'cached', ipr: rig.repo.address });
      expect(second.result).toEqual({ cacheHit: true, transferredBytes: 0, cacheImages: ['cached.img'] });
      expect(
        rig.repo.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/cached/file') && !r.range).length,
      ).toBe(gets);
      expect(await cacheFiles()).toEqual(['cached.img', 'cached.img.full.sum', 'cached.img.sum']);
      const cachedSum = await mounted(disk.partition(4), (dir) =>
        run('md5sum', [join(dir, CACHE_IMAGES_DIR, 'cached.img')]),
      );
      expect(cachedSum.split(' ')[0]).toBe((await run('md5sum', [rig.repo.imagePath('cached')])).split(' ')[0]);
    });

    it('ActualizarCache resumes an interrupted download with Range', async () => {
      await run('sh', ['-c', `head -c 5M /dev/urandom > '${rig.repo.imagePath('resumed')}'`]);
      rig.repo.cutNextDownload.set('resumed', 2 * MiB);
      const broken = await job('ActualizarCache', { nci: 'resumed', ipr: rig.repo.address });
      expect(broken.view).toMatchObject({ state: 'failed', stage: 'download' });
      expect(broken.result.cacheImages).toEqual(['cached.img']);
      const again = await job('ActualizarCache', { nci: 'resumed', ipr: rig.repo.address });
      expect(again.view.state).toBe('success');
      expect(again.result.resumedFromBytes).toBeGreaterThan(0);
      expect(again.result.transferredBytes).toBe(5 * MiB - again.result.resumedFromBytes!);
      expect(again.result.cacheImages).toEqual(['cached.img', 'resumed.img']);
    });

    it('ActualizarCache fails for an image the repository does not have', async () => {
      const { view } = await job('ActualizarCache', { nci: 'missing', ipr: rig.repo.address });
      expect(view).toMatchObject({ state: 'failed', stage: 'check' });
      expect(view.error).toMatch(/404/);
    });

    it('ActualizarCache fails without a download when the CACHE has no room and ACTIONCACHEFULL is NONE', async () => {
      await mounted(disk.partition(4), (dir) =>
        run('sh', ['-c', `cd '${dir}' && fallocate -l $(( $(df --output=avail -B1 . | tail -1) - 2097152 )) filler`]),
      );
      await run('sh', ['-c', `head -c 6M /dev/urandom > '${rig.repo.imagePath('fresh')}'`]);
      try {
        const gets = rig.repo.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/fresh/file')).length;
        const { view, result } = await job('ActualizarCache', { nci: 'fresh', ipr: rig.repo.address });
        expect(view).toMatchObject({ state: 'failed', stage: 'check' });
        expect(view.error).toMatch(/not enough free space/);
        expect(result.cacheAction).toBeUndefined();
        expect(result.cacheImages).toEqual(['cached.img', 'resumed.img']);
        // Only the 1-byte probe of the head, no download.
        expect(rig.repo.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/fresh/file')).length).toBe(
          gets + 1,
        );
      } finally {
        await mounted(disk.partition(4), (dir) => rm(join(dir, 'filler')));
      }
    });

    it('EliminarImagenCache deletes the image with its auxiliary and partial files, and fails when it is not there', async () => {
      await mounted(disk.partition(4), async (dir) => {
        const base = join(dir, CACHE_IMAGES_DIR, 'cached.img');
        for (const suffix of ['.size', '.info', '.torrent', '.part', '.part.full.sum'])
          await writeFile(`${base}${suffix}`, 'x');
      });
      const { view, result } = await job('EliminarImagenCache', { nci: 'cached', ids: 'trace-del' });
      expect(view).toMatchObject({ state: 'success', ids: 'trace-del' });
      expect(result.cacheImages).toEqual(['resumed.img']);
      expect(await cacheFiles()).toEqual(['resumed.img', 'resumed.img.full.sum', 'resumed.img.sum']);
      const again = await job('EliminarImagenCache', { nci: 'cached' });
      expect(again.view).toMatchObject({
        state: 'failed',
        stage: 'check',
        error: 'image cached not found in the CACHE',
      });
      expect(again.result.cacheImages).toEqual(['resumed.img']);
    });
  });

  describe('power orders', () => {
    let power: AgentHarness;
    let markers: string;

    beforeAll(async () => {
      markers = await mkdtemp(join(tmpdir(), 'og-int-power-'));
      power = await AgentHarness.start({
        ...rig.env([disk.device, target.device], { mac: '08:00:27:4f:be:52', name: 'pc-power' }),
        // Never the real commands: each writes a marker file.
        OG_AGENT_POWEROFF_COMMAND: `echo poweroff > '${markers}/poweroff'`,
        // Fails (exit 1) while a `fail-reboot` marker exists, as a reboot refused by the system would.
        OG_AGENT_REBOOT_COMMAND: `test ! -e '${markers}/fail-reboot' && echo reboot > '${markers}/reboot'`,
        OG_AGENT_BOOT_OS_COMMAND: `printf '%s|' {disk} {partition} {device} {disk_device} > '${markers}/boot'`,
        OG_AGENT_POWER_DELAY_SECONDS: '1',
      });
    });

    afterAll(async () => {
      await power?.stop();
      await rm(markers, { recursive: true, force: true });
    });

    const exists = (f: string) =>
      access(join(markers, f)).then(
        () => true,
        () => false,
      );

    /** Sends a power order; checks job.finished reached og-core before the command ran; returns the marker text. */
    async function powerOrder(nfn: string, marker: string, body: Record<string, unknown> = {}): Promise<string> {
      const accepted = await power.call('POST', `/CloningEngine/${nfn}`, { nfn, ...body });
      expect(accepted.status).toBe(202);
      const fin = await finished(accepted.body.job_id);
      expect(fin).toMatchObject({ status: 'success', nfn });
      expect(await exists(marker)).toBe(false);
      return expectEventually(() => readFile(join(markers, marker), 'utf8'), { timeoutMs: 10_000 });
    }

    it('Apagar and Reiniciar run the configured commands after the job reported success', async () => {
      expect(await powerOrder('Apagar', 'poweroff')).toBe('poweroff\n');
      expect(await powerOrder('Reiniciar', 'reboot')).toBe('reboot\n');
    });

    it('announces the agent again (agent.started) when a power command fails after its job reported success', async () => {
      await writeFile(join(markers, 'fail-reboot'), '');
      const announced = () =>
        rig.core.events.filter((e) => e.event === 'agent.started' && e.agent.mac === '08:00:27:4f:be:52').length;
      const before = announced();
      try {
        const accepted = await power.call('POST', '/CloningEngine/Reiniciar', { nfn: 'Reiniciar' });
        expect(await finished(accepted.body.job_id)).toMatchObject({ status: 'success' });
        await expectEventually(() => expect(announced()).toBe(before + 1), { timeoutMs: 10_000 });
        const last = rig.core.events.filter((e) => e.event === 'agent.started').at(-1)!;
        expect('disks' in last && last.disks.length).toBeGreaterThan(0);
      } finally {
        await rm(join(markers, 'fail-reboot'));
      }
    });

    it('IniciarSesion runs the boot command with disk, partition and devices substituted', async () => {
      expect(await powerOrder('IniciarSesion', 'boot', { dsk: '2', par: '1' })).toBe(
        `2|1|${target.partition(1)}|${target.device}|`,
      );
      const missing = await power.call('POST', '/CloningEngine/IniciarSesion', {
        nfn: 'IniciarSesion',
        dsk: 2,
        par: 7,
      });
      expect(missing.status).toBe(400);
    });

    it('refuses power orders while a disk job or script runs (409)', async () => {
      const busy = await power.call('POST', '/CloningEngine/EjecutarScript', { nfn: 'EjecutarScript', scp: 'sleep 2' });
      expect(busy.status).toBe(202);
      for (const nfn of ['Apagar', 'Reiniciar']) {
        expect((await power.call('POST', `/CloningEngine/${nfn}`, { nfn })).status).toBe(409);
      }
      expect(
        (await power.call('POST', '/CloningEngine/IniciarSesion', { nfn: 'IniciarSesion', dsk: 1, par: 1 })).status,
      ).toBe(409);
      await power.waitJob(busy.body.job_id);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await readdir(markers)).sort()).toEqual(['boot', 'poweroff', 'reboot']);
    });
  });
});
