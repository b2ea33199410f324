import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, VirtualDisk } from '@og/testing';
import { inventorySoftware } from '../inventory/software';
import { buildEmptyHive } from './regf';
import { mergeRegistry, RegistryKey, regSz, REG_DWORD, REG_SZ } from './registry';
import { setWindowsHostname } from './windows-hostname';

const sz = (name: string, text: string) => ({ name, type: REG_SZ, data: regSz(text) });
const dword = (name: string, n: number) => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n);
  return { name, type: REG_DWORD, data };
};
/** A real hive file: an empty regf filled with hivexregedit --merge. */
async function writeHive(file: string, prefix: string, keys: RegistryKey[]): Promise<void> {
  await writeFile(file, buildEmptyHive());
  await mergeRegistry(file, prefix, keys);
}

async function hivexget(hive: string, key: string, value: string): Promise<string> {
  return (await run('hivexget', [hive, key, value])).trim();
}

describe('Windows registry on a real NTFS partition', () => {
  let disk: VirtualDisk;
  let dir: string;

  beforeAll(async () => {
    disk = await VirtualDisk.create(64 * 1024 * 1024);
    await disk.writeTable('label: dos\nstart=2048, size=100000, type=7\n');
    await run('mkfs.ntfs', ['-f', '-q', disk.partition(1)]);
    dir = await mkdtemp(join(tmpdir(), 'og-int-win-'));
    await run('mount', ['-t', 'ntfs-3g', disk.partition(1), dir]);
    try {
      // Windows' own spelling varies; lookups must not depend on it.
      const config = join(dir, 'WINDOWS', 'system32', 'config');
      await mkdir(config, { recursive: true });
      await writeHive(join(config, 'SOFTWARE'), 'HKEY_LOCAL_MACHINE\\SOFTWARE', [
        {
          path: 'Microsoft\\Windows NT\\CurrentVersion',
          values: [sz('ProductName', 'Windows 10 Education'), sz('CurrentBuildNumber', '19045')],
        },
        {
          path: 'Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip',
          values: [sz('DisplayName', '7-Zip 23.01 (x64)'), sz('DisplayVersion', '23.01')],
        },
        {
          path: 'Microsoft\\Windows\\CurrentVersion\\Uninstall\\{A1}',
          values: [sz('DisplayName', 'Runtime'), dword('SystemComponent', 1)],
        },
        {
          path: 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Notepad++',
          values: [sz('DisplayName', 'Notepad++ (32-bit x86)'), sz('DisplayVersion', '8.6.2')],
        },
      ]);
      await writeHive(join(config, 'system'), 'HKEY_LOCAL_MACHINE\\SYSTEM', [
        { path: 'Select', values: [dword('Current', 2), dword('Default', 2)] },
        { path: 'ControlSet001\\Control\\ComputerName\\ComputerName', values: [sz('ComputerName', 'OLD')] },
        { path: 'ControlSet002\\Control\\ComputerName\\ComputerName', values: [sz('ComputerName', 'MODELO')] },
        {
          path: 'ControlSet002\\Services\\Tcpip\\Parameters',
          values: [sz('Hostname', 'modelo'), sz('Domain', 'aula.example.org')],
        },
      ]);
    } finally {
      await run('umount', [dir]);
    }
  });

  afterAll(async () => {
    await run('umount', ['-l', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await disk?.destroy();
  });

  it('lists the 64- and 32-bit uninstall entries and the product name from the SOFTWARE hive', async () => {
    expect(await inventorySoftware(disk.partition(1))).toEqual({
      operatingSystem: 'Windows 10 Education',
      software: [
        { name: '7-Zip 23.01 (x64)', version: '23.01', source: 'windows' },
        { name: 'Notepad++ (32-bit x86)', version: '8.6.2', source: 'windows' },
      ],
    });
  });

  it('names the Windows in the current control set of its SYSTEM hive, keeping the other values', async () => {
    expect(await setWindowsHostname(disk.partition(1), 'ntfs', 'pc-aula-07')).toBe(true);
    await run('mount', ['-t', 'ntfs-3g', '-o', 'ro', disk.partition(1), dir]);
    try {
      const hive = join(dir, 'WINDOWS', 'system32', 'config', 'system');
      expect(await hivexget(hive, 'ControlSet002\\Control\\ComputerName\\ComputerName', 'ComputerName')).toBe(
        'PC-AULA-07',
      );
      expect(await hivexget(hive, 'ControlSet002\\Control\\ComputerName\\ActiveComputerName', 'ComputerName')).toBe(
        'PC-AULA-07',
      );
      expect(await hivexget(hive, 'ControlSet002\\Services\\Tcpip\\Parameters', 'Hostname')).toBe('pc-aula-07');
      expect(await hivexget(hive, 'ControlSet002\\Services\\Tcpip\\Parameters', 'NV Hostname')).toBe('pc-aula-07');
      expect(await hivexget(hive, 'ControlSet002\\Services\\Tcpip\\Parameters', 'Domain')).toBe('aula.example.org');
      expect(await hivexget(hive, 'ControlSet001\\Control\\ComputerName\\ComputerName', 'ComputerName')).toBe('OLD');
    } finally {
      await run('umount', [dir]);
    }
  });

  it('leaves a partition that is not NTFS, or an NTFS without Windows, alone', async () => {
    expect(await setWindowsHostname(disk.partition(1), 'ext4', 'pc-aula-07')).toBe(false);
    const empty = await VirtualDisk.create(16 * 1024 * 1024);
    try {
      await run('mkfs.ntfs', ['-f', '-q', '-F', empty.device]);
      expect(await setWindowsHostname(empty.device, 'ntfs', 'pc-aula-07')).toBe(false);
      expect(await inventorySoftware(empty.device)).toEqual({ operatingSystem: null, software: [] });
    } finally {
      await empty.destroy();
    }
  });
});
