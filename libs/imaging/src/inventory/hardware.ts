import { access } from 'node:fs/promises';
import type { HardwareComponent } from '@og/contracts';
import { runTool } from '../process/run-tool';

/** One node of `lshw -json` (the fields we read). */
export interface LshwNode {
  id?: string;
  class?: string;
  description?: string;
  vendor?: string;
  product?: string;
  version?: string;
  serial?: string;
  date?: string;
  size?: number;
  units?: string;
  disabled?: boolean;
  children?: LshwNode[];
}

/** Bytes as `16 GiB`, `512 MiB`, `931.5 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${Math.round(value * 10) / 10} ${units[i]}`;
}

/** `vendor product` without repeating a vendor the product already starts with; falls back to the description. */
function name(n: LshwNode): string {
  const vendor = n.vendor?.trim() ?? '';
  const product = n.product?.trim() ?? '';
  const parts =
    product && vendor && product.toLowerCase().startsWith(vendor.toLowerCase()) ? [product] : [vendor, product];
  const text = parts.filter(Boolean).join(' ');
  return text || n.description?.trim() || '';
}

function withSize(n: LshwNode, text: string): string {
  return n.units === 'bytes' && typeof n.size === 'number' && n.size > 0
    ? `${text} ${formatBytes(n.size)}`.trim()
    : text;
}

/**
 * Components from `lshw -json` as OpenGnsys `listHardwareInfo` types them: the system (`mod`), motherboard (`boa`),
 * BIOS (`bio`), memory (`mem`), processors (`cpu`), storage controllers (`sto`), disks (`dis`), optical drives
 * (`cdr`), network cards with their MAC (`net`), display (`vga`), sound (`aud`) and USB controllers (`usb`).
 * Disabled nodes and nodes with nothing to say are left out.
 */
export function hardwareFromLshw(root: LshwNode | LshwNode[]): HardwareComponent[] {
  const out: HardwareComponent[] = [];
  const add = (component: string, value: string) => {
    const v = value.replace(/\s+/g, ' ').trim();
    if (v) out.push({ component, value: v });
  };
  const visit = (n: LshwNode, depth: number) => {
    if (n.disabled) return;
    const id = n.id ?? '';
    switch (n.class) {
      case 'system':
        if (depth === 0) add('mod', name(n) === n.description ? '' : name(n));
        break;
      case 'bus':
        if (id === 'core') add('boa', name(n) === n.description ? '' : name(n));
        else if (id.startsWith('usb')) add('usb', name(n));
        break;
      case 'memory':
        if (id === 'firmware') add('bio', [name(n), n.version, n.date].filter(Boolean).join(' '));
        else if (/^memory(:\d+)?$/.test(id)) add('mem', withSize(n, n.description ?? 'System memory'));
        break;
      case 'processor':
        // The product already names the maker ("Intel(R) Core(TM) i5-8500…"); lshw's vendor would repeat it.
        add('cpu', n.product?.trim() || name(n));
        break;
      case 'storage':
        add('sto', name(n));
        break;
      case 'disk':
        if (id.startsWith('cdrom')) add('cdr', name(n));
        else if (n.product || n.size) add('dis', withSize(n, name(n)));
        break;
      case 'network':
        // Network controllers and their logical interfaces are separate nodes; the interface carries the MAC.
        if (n.serial) add('net', `${name(n)} ${n.serial}`);
        else if (!n.children?.some((c) => c.class === 'network')) add('net', name(n));
        break;
      case 'display':
        add('vga', name(n));
        break;
      case 'multimedia':
        add('aud', name(n));
        break;
    }
    for (const c of n.children ?? []) visit(c, depth + 1);
  };
  for (const r of Array.isArray(root) ? root : [root]) visit(r, 0);
  return out;
}

/** `dmidecode -s <keyword>`, trimmed; null when dmidecode fails (no DMI table, as in most VMs without /dev/mem). */
async function dmi(keyword: string): Promise<string | null> {
  const out = await runTool('dmidecode', ['-s', keyword], { stage: 'inventory', timeoutMs: 30_000 }).catch(() => null);
  const text = out?.stdout
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .join(' ')
    .trim();
  return text || null;
}

/**
 * Hardware inventory of this machine (OpenGnsys `InventarioHardware`): firmware type (`fir`: UEFI when
 * /sys/firmware/efi exists, else BIOS), chassis from dmidecode (`cha`, when the DMI table is readable), then the
 * components of `lshw -json` ({@link hardwareFromLshw}). Without lshw, dmidecode's system and board names are used.
 * @throws ImagingError stage `inventory` when neither lshw nor dmidecode gives anything.
 */
export async function readHardwareInventory(signal?: AbortSignal): Promise<HardwareComponent[]> {
  const uefi = await access('/sys/firmware/efi').then(
    () => true,
    () => false,
  );
  const out: HardwareComponent[] = [{ component: 'fir', value: uefi ? 'UEFI' : 'BIOS' }];
  const chassis = await dmi('chassis-type');
  if (chassis) out.push({ component: 'cha', value: chassis });
  const lshw = await runTool('lshw', ['-json', '-quiet'], { stage: 'inventory', timeoutMs: 300_000, signal }).catch(
    (err: Error) => err,
  );
  if (!(lshw instanceof Error)) {
    out.push(...hardwareFromLshw(JSON.parse(lshw.stdout) as LshwNode | LshwNode[]));
    return out;
  }
  const model = [await dmi('system-manufacturer'), await dmi('system-product-name')].filter(Boolean).join(' ');
  const board = [await dmi('baseboard-manufacturer'), await dmi('baseboard-product-name')].filter(Boolean).join(' ');
  const bios = [await dmi('bios-vendor'), await dmi('bios-version')].filter(Boolean).join(' ');
  const cpu = await dmi('processor-version');
  for (const [component, value] of [
    ['mod', model],
    ['boa', board],
    ['bio', bios],
    ['cpu', cpu],
  ] as const) {
    if (value) out.push({ component, value });
  }
  if (out.length === 1 + (chassis ? 1 : 0)) throw lshw;
  return out;
}
