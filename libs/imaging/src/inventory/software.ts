import { copyFile, lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { SoftwarePackage } from '@og/contracts';
import { parseKeyValueLines } from '../disk/filesystem-names';
import { probeBlkid } from '../disk/disk-reader';
import { withFilesystemRoot } from '../disk/mounts';
import { runTool } from '../process/run-tool';
import { ImagingError } from '../process/tool-error';
import {
  exportRegistryKey,
  findPathCaseInsensitive,
  readRegistryValue,
  RegistryKey,
  registryDword,
  registryString,
  registryValue,
} from '../windows/registry';

/** What InventarioSoftware reports for one partition. */
export interface SoftwareInventory {
  /** OS found on the partition (`Debian GNU/Linux 12 (bookworm)`, `Windows 10 Pro`), null when none. */
  operatingSystem: string | null;
  /** Installed software, sorted by name, without duplicates. */
  software: SoftwarePackage[];
}

/** dpkg states of a package that is unpacked and configured (`db:Status-Status`). */
const DPKG_INSTALLED = new Set(['installed', 'triggers-awaited', 'triggers-pending']);
/** Where rpm keeps its database, newest layout first (rpm ≥ 4.17 distributions moved it to /usr/lib/sysimage). */
const RPM_DB_DIRS = ['usr/lib/sysimage/rpm', 'var/lib/rpm'];
/** Files that make a folder an rpm database (sqlite, ndb, Berkeley DB). */
const RPM_DB_FILES = ['rpmdb.sqlite', 'Packages.db', 'Packages'];
/** rpm query format: name, tab, `[epoch:]version-release`. */
const RPM_QUERY_FORMAT = '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n';
/** Uninstall keys of the SOFTWARE hive (64-bit view, then 32-bit programs on 64-bit Windows). */
const UNINSTALL_KEYS = [
  'Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
];
/** Where the SOFTWARE hive lives in a Windows partition (matched case-insensitively). */
export const SOFTWARE_HIVE_PATH = 'Windows/System32/config/SOFTWARE';

/** Sorts by name (case-insensitive, then exact), version and source, dropping exact duplicates. */
export function sortSoftware(list: SoftwarePackage[]): SoftwarePackage[] {
  const seen = new Set<string>();
  const unique = list.filter((p) => {
    const key = `${p.source}\0${p.name}\0${p.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return unique.sort(
    (a, b) =>
      cmp(a.name.toLowerCase(), b.name.toLowerCase()) ||
      cmp(a.name, b.name) ||
      cmp(a.version, b.version) ||
      cmp(a.source, b.source),
  );
}

/**
 * Installed packages of a dpkg `status` file (`var/lib/dpkg/status`): paragraphs whose `Status` ends in
 * `installed` (or `triggers-awaited`/`triggers-pending`, configured packages with pending triggers).
 */
export function parseDpkgStatus(text: string): SoftwarePackage[] {
  const out: SoftwarePackage[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of paragraph.split('\n')) {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (m) fields[m[1].toLowerCase()] = m[2].trim();
    }
    const state = (fields.status ?? '').split(/\s+/)[2];
    if (fields.package && DPKG_INSTALLED.has(state))
      out.push({ name: fields.package, version: fields.version ?? '', source: 'dpkg' });
  }
  return out;
}

/** Lines of `rpm -qa --qf '%{NAME}\t[epoch:]version-release\n'`, without the `gpg-pubkey` pseudo-packages. */
export function parseRpmQuery(text: string): SoftwarePackage[] {
  const out: SoftwarePackage[] = [];
  for (const line of text.split('\n')) {
    const [name, version] = line.split('\t');
    if (name && name !== 'gpg-pubkey') out.push({ name, version: (version ?? '').trim(), source: 'rpm' });
  }
  return out;
}

/**
 * Programs of exported `…\CurrentVersion\Uninstall` keys, as Windows' "Programs and Features" lists them: direct
 * subkeys with a `DisplayName`, except system components (`SystemComponent` = 1) and updates of another product
 * (`ParentKeyName`).
 */
export function windowsProgramsFromUninstall(keys: RegistryKey[]): SoftwarePackage[] {
  if (!keys.length) return [];
  const depth = (path: string) => path.split('\\').filter(Boolean).length;
  const base = depth(keys[0].path);
  const out: SoftwarePackage[] = [];
  for (const key of keys) {
    if (depth(key.path) !== base + 1) continue;
    const name = registryString(registryValue(key, 'DisplayName'))?.trim();
    if (!name) continue;
    if (registryDword(registryValue(key, 'SystemComponent')) === 1) continue;
    if (registryString(registryValue(key, 'ParentKeyName'))) continue;
    const version = registryString(registryValue(key, 'DisplayVersion'))?.trim() ?? '';
    out.push({ name, version, source: 'windows' });
  }
  return out;
}

/**
 * Windows' product name from `ProductName`; Windows 11 still says "Windows 10" there, so a build number of 22000
 * or more (`CurrentBuildNumber`) corrects it.
 */
export function windowsProductName(productName: string, buildNumber: string | null): string {
  const build = Number(buildNumber ?? '');
  return build >= 22000 ? productName.replace(/^Windows 10\b/, 'Windows 11') : productName;
}

/**
 * Resolves `rel` inside `root` as if `root` were `/`: symbolic links (absolute or relative) are followed without
 * leaving it, so an absolute link in the inspected OS never reads the agent's own files.
 * @returns the path, or null when it does not exist.
 */
export async function resolveInRoot(root: string, rel: string): Promise<string | null> {
  const parts = rel.split('/').filter(Boolean);
  let current = '/';
  for (let hops = 0; parts.length;) {
    const part = parts.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      current = posix.dirname(current);
      continue;
    }
    const next = posix.join(current, part);
    const st = await lstat(join(root, next)).catch(() => null);
    if (!st) return null;
    if (st.isSymbolicLink()) {
      if (++hops > 40) return null;
      const target = await readlink(join(root, next));
      parts.unshift(...target.split('/').filter(Boolean));
      current = target.startsWith('/') ? '/' : current;
      continue;
    }
    current = next;
  }
  return join(root, current);
}

async function readInRoot(root: string, rel: string): Promise<string | null> {
  const path = await resolveInRoot(root, rel);
  return path ? readFile(path, 'utf8').catch(() => null) : null;
}

async function linuxName(root: string): Promise<string | null> {
  for (const rel of ['etc/os-release', 'usr/lib/os-release']) {
    const text = await readInRoot(root, rel);
    if (text) return parseKeyValueLines(text).PRETTY_NAME || parseKeyValueLines(text).NAME || null;
  }
  return null;
}

/**
 * rpm databases under `root` (`usr/lib/sysimage/rpm`, `var/lib/rpm`; the same folder once), each queried with the
 * agent's rpm (`rpm --dbpath … -qa`), which finds the backend (sqlite, ndb, bdb) by itself. A database rpm cannot
 * open in place (a sqlite WAL on a read-only mount) is copied to a temporary folder first.
 */
async function rpmPackages(root: string, signal?: AbortSignal): Promise<SoftwarePackage[]> {
  const seen = new Set<string>();
  const out: SoftwarePackage[] = [];
  for (const rel of RPM_DB_DIRS) {
    const dir = await resolveInRoot(root, rel);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    const files = await readdir(dir).catch(() => [] as string[]);
    if (!RPM_DB_FILES.some((f) => files.includes(f))) continue;
    const query = (dbpath: string) =>
      runTool('rpm', ['--dbpath', dbpath, '-qa', '--qf', RPM_QUERY_FORMAT], {
        stage: 'inventory',
        signal,
        timeoutMs: 300_000,
      });
    const first = await query(dir).catch((err: Error) => err);
    if (!(first instanceof Error) && first.stdout.trim()) {
      out.push(...parseRpmQuery(first.stdout));
      continue;
    }
    const copy = await mkdtemp(join(tmpdir(), 'og-rpmdb-'));
    try {
      for (const f of files) {
        const st = await lstat(join(dir, f));
        if (st.isFile()) await copyFile(join(dir, f), join(copy, f));
      }
      out.push(...parseRpmQuery((await query(copy)).stdout));
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }
  return out;
}

async function windowsInventory(
  root: string,
  signal?: AbortSignal,
): Promise<{ name: string | null; software: SoftwarePackage[] } | null> {
  const hive = await findPathCaseInsensitive(root, SOFTWARE_HIVE_PATH);
  if (!hive) return null;
  const software: SoftwarePackage[] = [];
  for (const key of UNINSTALL_KEYS)
    software.push(...windowsProgramsFromUninstall(await exportRegistryKey(hive, key, { signal })));
  const product = await readRegistryValue(hive, 'Microsoft\\Windows NT\\CurrentVersion', 'ProductName');
  const build = product
    ? await readRegistryValue(hive, 'Microsoft\\Windows NT\\CurrentVersion', 'CurrentBuildNumber')
    : null;
  return { name: product ? windowsProductName(product.trim(), build) : null, software };
}

/**
 * Software inventory of an OS tree mounted at `root` (OpenGnsys listSoftwareInfo): dpkg (`var/lib/dpkg/status`),
 * rpm databases, and a Windows SOFTWARE hive's uninstall keys (64- and 32-bit). The OS name comes from os-release
 * (`PRETTY_NAME`) or the hive's `ProductName`.
 * @throws ImagingError stage `inventory` when a package database exists but cannot be read.
 */
export async function readSoftwareInventory(root: string, signal?: AbortSignal): Promise<SoftwareInventory> {
  const software: SoftwarePackage[] = [];
  const dpkg = await readInRoot(root, 'var/lib/dpkg/status');
  if (dpkg !== null) software.push(...parseDpkgStatus(dpkg));
  software.push(...(await rpmPackages(root, signal)));
  let operatingSystem = await linuxName(root);
  const windows = await windowsInventory(root, signal);
  if (windows) {
    software.push(...windows.software);
    operatingSystem ??= windows.name;
  }
  return { operatingSystem, software: sortSoftware(software) };
}

/**
 * Software inventory of the partition `device` ({@link readSoftwareInventory}): read where it is already mounted,
 * otherwise mounted read-only on a temporary folder (ext3/4 without journal replay) and always unmounted after.
 * Call it on a partition no job is writing (for CrearImagen: before the filesystem is shrunk).
 * @throws ImagingError stage `inventory` when the partition holds no filesystem, is swap, or cannot be mounted.
 */
export async function inventorySoftware(
  device: string,
  opts: { signal?: AbortSignal } = {},
): Promise<SoftwareInventory> {
  const type = ((await probeBlkid(device)).TYPE ?? '').toLowerCase();
  if (!type || type === 'swap')
    throw new ImagingError('inventory', `${device} holds ${type ? 'swap' : 'no filesystem'}: no software to list`);
  let readFailure: unknown = null;
  try {
    return await withFilesystemRoot(device, type, (dir) =>
      readSoftwareInventory(dir, opts.signal).catch((err: unknown) => {
        readFailure = err;
        throw err;
      }),
    );
  } catch (err) {
    if (err === readFailure) throw err;
    throw new ImagingError('inventory', `cannot mount ${device} read-only: ${(err as Error).message}`);
  }
}
