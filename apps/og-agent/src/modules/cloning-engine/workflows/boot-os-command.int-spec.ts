import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, VirtualDisk, withMounted } from '@og/testing';
import { DEFAULT_BOOT_OS_COMMAND } from '@agent/config/env';
import { bootCommand } from './power.workflow';

const MiB = 1024 * 1024;

/**
 * The default IniciarSesion command on a real ext4 partition. `kexec` is a recording stand-in first on PATH: the real
 * `kexec -e` would replace the kernel of the machine running the tests. Everything else (mount, blkid, the shell) is
 * the real thing.
 */
describe('default OG_AGENT_BOOT_OS_COMMAND (kexec) on a real partition', () => {
  let disk: VirtualDisk;
  let bin: string;
  let calls: string;

  beforeAll(async () => {
    disk = await VirtualDisk.create(64 * MiB);
    await disk.writeTable('label: dos\nstart=2048, type=83\n');
    await run('mkfs.ext4', ['-q', '-F', disk.partition(1)]);
    bin = await mkdtemp(join(tmpdir(), 'og-kexec-'));
    calls = join(bin, 'calls');
    await writeFile(join(bin, 'kexec'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\n`);
    await chmod(join(bin, 'kexec'), 0o755);
  });

  afterAll(async () => {
    await disk?.destroy();
    await rm(bin, { recursive: true, force: true });
  });

  beforeEach(() => rm(calls, { force: true }));

  /** Runs the default command for partition 1; returns its exit code and the kexec calls it made. */
  async function boot(): Promise<{ code: number; calls: string[] }> {
    const command = bootCommand(DEFAULT_BOOT_OS_COMMAND, {
      disk: 1,
      partition: 1,
      device: disk.partition(1),
      diskDevice: disk.device,
    });
    const code = await run('/bin/sh', ['-c', command], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } })
      .then(() => 0)
      .catch((err: { code?: number }) => err.code ?? 1);
    const text = await readFile(calls, 'utf8').catch(() => '');
    return { code, calls: text.split('\n').filter(Boolean) };
  }

  const mounted = async () => (await readFile('/proc/mounts', 'utf8')).includes(`${disk.partition(1)} `);

  it('loads /boot/vmlinuz with its initrd and the partition UUID as root, unmounts, then executes it', async () => {
    await withMounted(disk.partition(1), false, async (dir) => {
      await mkdir(join(dir, 'boot'));
      await writeFile(join(dir, 'boot/vmlinuz'), 'kernel');
      await writeFile(join(dir, 'boot/initrd.img'), 'initrd');
    });
    const uuid = (await run('blkid', ['-s', 'UUID', '-o', 'value', disk.partition(1)])).trim();
    const { code, calls: made } = await boot();
    expect(code).toBe(0);
    expect(made).toHaveLength(2);
    const [, mountDir, root] =
      /^-l (\S+)\/boot\/vmlinuz --initrd=\S+\/boot\/initrd\.img --append=root=UUID=(\S+) ro quiet$/.exec(made[0])!;
    expect(root).toBe(uuid);
    expect(made[1]).toBe('-e');
    expect(await mounted()).toBe(false);
    await expect(stat(mountDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails without executing anything and leaves nothing mounted when the partition has no kernel', async () => {
    await withMounted(disk.partition(1), false, (dir) => rm(join(dir, 'boot'), { recursive: true, force: true }));
    const { code, calls: made } = await boot();
    expect(code).not.toBe(0);
    expect(made).toEqual([]);
    expect(await mounted()).toBe(false);
  });
});
