import { buildEmptyHive, regfHeaderChecksum } from './regf';
import { parseRegExport, regFileText, registryDword, registryString, regSz, REG_DWORD, REG_SZ } from './registry';
import { windowsHostnameKeys } from './windows-hostname';

describe('parseRegExport', () => {
  it('reads dword, hex(N) and quoted values, with escapes in names', () => {
    const [key] = parseRegExport(
      '[\\Select]\n"Current"=dword:00000002\n"A \\"q\\" \\\\ b"="x\\\\y"\n@=hex(1):41,00,00,00\n"bin"=hex:01,02\n',
    );
    expect(key.path).toBe('\\Select');
    expect(registryDword(key.values[0])).toBe(2);
    expect(key.values[1].name).toBe('A "q" \\ b');
    expect(registryString(key.values[1])).toBe('x\\y');
    expect(key.values[2]).toMatchObject({ name: '', type: REG_SZ });
    expect(registryString(key.values[2])).toBe('A');
    expect(key.values[3]).toMatchObject({ type: 3, data: Buffer.from([1, 2]) });
  });
});

describe('regFileText', () => {
  it('writes values as hex bytes under the prefix, which parseRegExport reads back', () => {
    const text = regFileText('HKEY_LOCAL_MACHINE\\SYSTEM', [
      { path: 'Select', values: [{ name: 'Current', type: REG_DWORD, data: Buffer.from([1, 0, 0, 0]) }] },
      { path: 'X\\Y', values: [{ name: 'Name "q"', type: REG_SZ, data: regSz('Ñandú') }] },
    ]);
    expect(text.startsWith('Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n')).toBe(
      true,
    );
    const keys = parseRegExport(text);
    // The parent X comes before X\Y: hivexregedit creates a key only under an existing one.
    expect(keys.map((k) => k.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SYSTEM\\Select',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\X',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\X\\Y',
    ]);
    expect(keys[2].values[0].name).toBe('Name "q"');
    expect(registryString(keys[2].values[0])).toBe('Ñandú');
  });
});

describe('windowsHostnameKeys', () => {
  it('names the PC in ComputerName (15 characters, upper case) and Tcpip', () => {
    const keys = windowsHostnameKeys('ControlSet002', 'aula12-pc-numero-07.example.org');
    const value = (path: string, name: string) =>
      registryString(keys.find((k) => k.path === path)!.values.find((v) => v.name === name));
    expect(value('ControlSet002\\Control\\ComputerName\\ComputerName', 'ComputerName')).toBe('AULA12-PC-NUMER');
    expect(value('ControlSet002\\Control\\ComputerName\\ActiveComputerName', 'ComputerName')).toBe('AULA12-PC-NUMER');
    expect(value('ControlSet002\\Services\\Tcpip\\Parameters', 'Hostname')).toBe('aula12-pc-numero-07');
    expect(value('ControlSet002\\Services\\Tcpip\\Parameters', 'NV Hostname')).toBe('aula12-pc-numero-07');
  });
});

describe('buildEmptyHive', () => {
  it('makes an 8 KiB regf file with a valid header checksum and one hbin holding the root nk cell', () => {
    const hive = buildEmptyHive('ROOT');
    expect(hive.length).toBe(8192);
    expect(hive.subarray(0, 4).toString('latin1')).toBe('regf');
    expect(hive.readUInt32LE(0x1fc)).toBe(regfHeaderChecksum(hive.subarray(0, 4096)));
    expect(hive.subarray(4096, 4100).toString('latin1')).toBe('hbin');
    const root = 4096 + hive.readUInt32LE(0x24);
    expect(hive.readInt32LE(root)).toBeLessThan(0);
    expect(hive.subarray(root + 4, root + 6).toString('latin1')).toBe('nk');
  });
});
