import { mkdtemp, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountDevice, unmount, withReadOnlyMount } from '../disk/mounts';
import { ImagingError } from '../process/tool-error';
import { waitForNtfs3gExit } from './ntfs-mount';
import { findPathCaseInsensitive, mergeRegistry, readRegistryValue, RegistryKey, regSz, REG_SZ } from './registry';

/** Where the SYSTEM hive lives in a Windows partition (matched case-insensitively). */
export const SYSTEM_HIVE_PATH = 'Windows/System32/config/SYSTEM';
/** A DNS host label (the Tcpip `Hostname`): letters, digits and hyphens, 1–63 characters. */
const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The registry keys and values that name a Windows: NetBIOS name (≤ 15 characters, upper case) and DNS host name. */
export function windowsHostnameKeys(controlSet: string, name: string): RegistryKey[] {
  const label = name.split('.')[0];
  const netbios = label.slice(0, 15).toUpperCase();
  const value = (n: string, text: string) => ({ name: n, type: REG_SZ, data: regSz(text) });
  return [
    { path: `${controlSet}\\Control\\ComputerName\\ComputerName`, values: [value('ComputerName', netbios)] },
    { path: `${controlSet}\\Control\\ComputerName\\ActiveComputerName`, values: [value('ComputerName', netbios)] },
    {
      path: `${controlSet}\\Services\\Tcpip\\Parameters`,
      values: [value('Hostname', label), value('NV Hostname', label)],
    },
  ];
}

/**
 * The control set Windows boots with: `ControlSet00<n>` for `Select\Current` = n, `ControlSet001` when the hive has
 * no `Select` key.
 */
export async function currentControlSet(systemHive: string): Promise<string> {
  const current = await readRegistryValue(systemHive, 'Select', 'Current');
  const n = current === null ? NaN : Number(current.trim());
  return `ControlSet${String(Number.isInteger(n) && n > 0 && n < 1000 ? n : 1).padStart(3, '0')}`;
}

/**
 * Names a restored Windows as this PC (OpenGnsys ogSetWindowsName). Only when a read-only look finds
 * `Windows/System32/config/SYSTEM` on the NTFS `device`, mounts it read-write with ntfs-3g (`remove_hiberfile`: a
 * hibernation or fast-startup image of the model PC is meaningless here) and writes, in the current control set,
 * `Control\ComputerName\ComputerName` and `ActiveComputerName` (`ComputerName` = first label of `name`, ≤ 15
 * characters, upper case) and `Services\Tcpip\Parameters` `Hostname` and `NV Hostname` (first label of `name`).
 * @param fsType blkid TYPE; anything but `ntfs` is left alone.
 * @returns true when the names were written.
 * @throws ImagingError stage `finish` when the partition cannot be mounted or the hive cannot be written.
 */
export async function setWindowsHostname(device: string, fsType: string, name: string): Promise<boolean> {
  if (fsType.toLowerCase() !== 'ntfs' || !HOST_LABEL.test(name.split('.')[0])) return false;
  // A data NTFS is never mounted read-write (ntfs-3g would reset its journal): look for Windows read-only first.
  const isWindows = await withReadOnlyMount(
    device,
    'ntfs',
    async (dir) => !!(await findPathCaseInsensitive(dir, SYSTEM_HIVE_PATH)),
  )
    // Not even read-only: the read-write mount below reports why.
    .catch(() => true)
    .finally(() => waitForNtfs3gExit(device));
  if (!isWindows) return false;
  const dir = await mkdtemp(join(tmpdir(), 'og-winname-'));
  try {
    await mountDevice(device, dir, 'remove_hiberfile').catch((err: Error) => {
      throw new ImagingError('finish', `cannot mount ${device} to set its Windows computer name: ${err.message}`);
    });
    try {
      const hive = await findPathCaseInsensitive(dir, SYSTEM_HIVE_PATH);
      if (!hive) return false;
      const controlSet = await currentControlSet(hive).catch((err: Error) => {
        throw new ImagingError('finish', `cannot read the SYSTEM hive of ${device}: ${err.message}`);
      });
      await mergeRegistry(hive, 'HKEY_LOCAL_MACHINE\\SYSTEM', windowsHostnameKeys(controlSet, name), 'finish');
      return true;
    } finally {
      await unmount(dir);
      await waitForNtfs3gExit(device);
    }
  } finally {
    await rmdir(dir).catch(() => undefined);
  }
}
