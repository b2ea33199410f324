import { parseRegExport } from '../windows/registry';
import {
  parseDpkgStatus,
  parseRpmQuery,
  sortSoftware,
  windowsProductName,
  windowsProgramsFromUninstall,
} from './software';

describe('parseDpkgStatus', () => {
  it('keeps installed packages (also with pending triggers) and drops removed ones and config-files leftovers', () => {
    const status = [
      'Package: openssh-server\nStatus: install ok installed\nPriority: optional\nVersion: 1:9.2p1-2+deb12u3\nDescription: secure shell\n multi-line text\n',
      'Package: old-tool\nStatus: deinstall ok config-files\nVersion: 1.0\n',
      'Package: libc-bin\nStatus: install ok triggers-pending\nVersion: 2.36-9\n',
      'Package: half\nStatus: install reinstreq half-installed\nVersion: 3\n',
    ].join('\n');
    expect(parseDpkgStatus(status)).toEqual([
      { name: 'openssh-server', version: '1:9.2p1-2+deb12u3', source: 'dpkg' },
      { name: 'libc-bin', version: '2.36-9', source: 'dpkg' },
    ]);
  });
});

describe('parseRpmQuery', () => {
  it('reads name and [epoch:]version-release and skips gpg-pubkey entries', () => {
    expect(parseRpmQuery('bash\t5.2.15-3.fc38\ngpg-pubkey\tfd431d51-4ae0493b\nopenssl\t1:3.0.9-1.fc38\n')).toEqual([
      { name: 'bash', version: '5.2.15-3.fc38', source: 'rpm' },
      { name: 'openssl', version: '1:3.0.9-1.fc38', source: 'rpm' },
    ]);
  });
});

describe('sortSoftware', () => {
  it('sorts by name ignoring case and drops exact duplicates (multi-arch copies)', () => {
    const list = sortSoftware([
      { name: 'zlib1g', version: '1', source: 'dpkg' },
      { name: 'Mozilla Firefox', version: '120', source: 'windows' },
      { name: 'libc6', version: '2.36', source: 'dpkg' },
      { name: 'libc6', version: '2.36', source: 'dpkg' },
      { name: 'apt', version: '2.6', source: 'dpkg' },
    ]);
    expect(list.map((p) => p.name)).toEqual(['apt', 'libc6', 'Mozilla Firefox', 'zlib1g']);
  });
});

describe('windowsProgramsFromUninstall', () => {
  const utf16 = (s: string) =>
    [...Buffer.from(`${s}\0`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
  it('lists direct subkeys with a DisplayName, skipping system components and updates of another product', () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall]',
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip]',
      `"DisplayName"=hex(1):${utf16('7-Zip 23.01 (x64)')}`,
      `"DisplayVersion"=hex(1):${utf16('23.01')}`,
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip\\Nested]',
      `"DisplayName"=hex(1):${utf16('not a program')}`,
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{GUID-1}]',
      `"DisplayName"=hex(1):${utf16('Hidden runtime')}`,
      '"SystemComponent"=dword:00000001',
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB500]',
      `"DisplayName"=hex(1):${utf16('Update for Office')}`,
      `"ParentKeyName"=hex(1):${utf16('Office16')}`,
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\NoName]',
      `"DisplayVersion"=hex(1):${utf16('1.0')}`,
      '',
      '[\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Café]',
      `"displayname"=hex(2):${utf16('Café Ñandú')}`,
      '',
    ].join('\n');
    expect(windowsProgramsFromUninstall(parseRegExport(text))).toEqual([
      { name: '7-Zip 23.01 (x64)', version: '23.01', source: 'windows' },
      { name: 'Café Ñandú', version: '', source: 'windows' },
    ]);
  });
});

describe('windowsProductName', () => {
  it('says Windows 11 for builds from 22000 on, where ProductName still says Windows 10', () => {
    expect(windowsProductName('Windows 10 Pro', '22631')).toBe('Windows 11 Pro');
    expect(windowsProductName('Windows 10 Pro', '19045')).toBe('Windows 10 Pro');
    expect(windowsProductName('Windows 7 Professional', null)).toBe('Windows 7 Professional');
  });
});
