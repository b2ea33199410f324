/**
 * MSDOS partition type ids by OpenGnsys mnemonic (`engine.json` `partitiontables`; `CACHE` is `ca`).
 * Wire values: the `cpt` of orders and layouts, lower-case hex without `0x`.
 */
export const MSDOS_TYPE_BY_MNEMONIC: Readonly<Record<string, string>> = {
  EMPTY: '0',
  FAT12: '1',
  EXTENDED: '5',
  FAT16: '6',
  NTFS: '7',
  FAT32: 'b',
  'LINUX-SWAP': '82',
  LINUX: '83',
  'LINUX-LVM': '8e',
  CACHE: 'ca',
  DATA: 'da',
  EFI: 'ef',
  'LINUX-RAID': 'fd',
};

/** GPT type GUIDs as gdisk-style hex codes (OpenGnsys `partcodes.py`). */
const GPT_CODE_BY_GUID: Readonly<Record<string, string>> = {
  'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7': '0700',
  'e3c9e316-0b5c-4db8-817d-f92df00215ae': '0c01',
  'de94bba4-06d1-4d40-a16a-bfd50179d6ac': '2700',
  'c12a7328-f81f-11d2-ba4b-00a0c93ec93b': 'ef00',
  '21686148-6449-6e6f-744e-656564454649': 'ef02',
  '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f': '8200',
  '0fc63daf-8483-4772-8e79-3d69d8477de4': '8300',
  'e6d6d379-f507-44c2-a23c-238f2a3df928': '8e00',
  '426f6f74-0000-11aa-aa11-00306543ecac': 'ab00',
  '48465300-0000-11aa-aa11-00306543ecac': 'af00',
};

/**
 * Normalises a partition type as written in an order (`83`, `0x83`, `CA`, `LINUX`, `cache`) to the
 * MSDOS hex id (`83`, `ca`). Returns null for an unknown mnemonic or a code that does not fit one byte.
 */
export function resolveMsdosTypeCode(cpt: string): string | null {
  const text = cpt.trim();
  const mnemonic = MSDOS_TYPE_BY_MNEMONIC[text.toUpperCase()];
  if (mnemonic) return mnemonic;
  const hex = /^(?:0x)?([0-9a-fA-F]{1,4})$/.exec(text);
  if (!hex) return null;
  const value = parseInt(hex[1], 16);
  return value <= 0xff ? value.toString(16) : null;
}

/**
 * Partition type code as og-core sees it (`cpt`): MSDOS ids as lower-case hex without `0x` (`0x83` → `83`),
 * GPT GUIDs as gdisk-style hex (`0fc63daf-…` → `8300`), unknown GUIDs as the lower-case GUID.
 */
export function partitionCodeFromSfdisk(type: string): string {
  const t = type.trim().toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t)) return GPT_CODE_BY_GUID[t] ?? t;
  const hex = /^(?:0x)?([0-9a-f]{1,2})$/.exec(t);
  return hex ? parseInt(hex[1], 16).toString(16) : t;
}

/**
 * GPT type codes (gdisk-style hex) by OpenGnsys mnemonic. `CACHE` cannot be `CA00` on GPT: OpenGnsys creates it as
 * LINUX `8300` with the partition name `CACHE` ({@link GPT_CACHE_NAME}).
 */
export const GPT_TYPE_BY_MNEMONIC: Readonly<Record<string, string>> = {
  WINDOWS: '0700',
  NTFS: '0700',
  FAT32: '0700',
  FAT16: '0700',
  DATA: '0700',
  'WIN-RESERV': '0c01',
  'WIN-RECOV': '2700',
  'LINUX-SWAP': '8200',
  LINUX: '8300',
  CACHE: '8300',
  'LINUX-LVM': '8e00',
  'LINUX-RAID': 'fd00',
  EFI: 'ef00',
  'BIOS-BOOT': 'ef02',
  'HFS-BOOT': 'ab00',
  HFS: 'af00',
};

/** GPT partition name that marks the CACHE (OpenGnsys `PARTLABEL=CACHE`). Wire contract. */
export const GPT_CACHE_NAME = 'CACHE';

/** GPT equivalents of MSDOS ids an order may send for a GPT disk (`83` → `8300`, `ca` → `8300` named CACHE). */
const GPT_CODE_BY_MSDOS: Readonly<Record<string, string>> = {
  '7': '0700',
  b: '0700',
  c: '0700',
  '6': '0700',
  '82': '8200',
  '83': '8300',
  ca: '8300',
  '8e': '8e00',
  ef: 'ef00',
  fd: 'fd00',
};

/** A GPT partition type to write: gdisk code (lower-case, 4 hex digits) and, for the CACHE, its partition name. */
export interface GptType {
  code: string;
  name?: string;
}

/**
 * Normalises a partition type written for a GPT disk (`LINUX`, `CACHE`, `EFI`, `8300`, `0xEF00`, `ca00`, or an
 * MSDOS id such as `83`/`7`/`ca`) to a gdisk code. Returns null for an unknown mnemonic, `EMPTY` (`0`) handled by
 * the caller as "no partition".
 */
export function resolveGptType(cpt: string): GptType | null {
  const text = cpt.trim();
  const upper = text.toUpperCase();
  if (upper === 'EMPTY' || /^(0x)?0+$/i.test(text)) return { code: '0' };
  if (upper === 'CACHE' || /^(0x)?ca(00)?$/i.test(text)) return { code: '8300', name: GPT_CACHE_NAME };
  const mnemonic = GPT_TYPE_BY_MNEMONIC[upper];
  if (mnemonic) return { code: mnemonic };
  const hex = /^(?:0x)?([0-9a-fA-F]{1,4})$/.exec(text);
  if (!hex) return null;
  const value = parseInt(hex[1], 16);
  if (value <= 0xff) {
    const mapped = GPT_CODE_BY_MSDOS[value.toString(16)];
    return mapped ? { code: mapped } : null;
  }
  return { code: value.toString(16).padStart(4, '0') };
}

type ImageFamily = 'ext' | 'xfs' | 'btrfs' | 'ntfs' | 'exfat' | 'fat';

/** Partition family of a filesystem as partclone names it in an image header (`EXTFS`, `XFS`, `NTFS`, `FAT32`). */
function imageFamily(partcloneFs: string): ImageFamily | null {
  const fs = partcloneFs.toUpperCase();
  if (/^EXT(FS|[234])$/.test(fs)) return 'ext';
  if (fs === 'XFS') return 'xfs';
  if (fs === 'BTRFS') return 'btrfs';
  if (fs === 'NTFS') return 'ntfs';
  if (fs === 'EXFAT') return 'exfat';
  if (/^(V?FAT(12|16|32)?)$/.test(fs)) return 'fat';
  return null;
}

const LINUX_CODES = { MSDOS: ['83'], GPT: ['8300', '8301', '8302', '8303', '8304', '8305', '8306', '8307', '8308'] };
const WINDOWS_DATA_CODES = { MSDOS: ['7', '17', '27'], GPT: ['0700', '2700', '0c01'] };

/** Codes that already suit each family, per table type (left alone after a restore). MSDOS `7` is also exFAT's. */
const FITTING_CODES: Record<ImageFamily, { MSDOS: string[]; GPT: string[] }> = {
  ext: LINUX_CODES,
  xfs: LINUX_CODES,
  btrfs: LINUX_CODES,
  ntfs: WINDOWS_DATA_CODES,
  exfat: WINDOWS_DATA_CODES,
  fat: { MSDOS: ['1', '4', '6', 'b', 'c', 'e', 'ef', '11', '14', '16', '1b', '1c', '1e'], GPT: ['0700', 'ef00'] },
};

/** Code set for a family when the partition's code does not fit it (OpenGnsys LINUX, NTFS, FAT32). */
const DEFAULT_CODES: Record<ImageFamily, { MSDOS: string; GPT: string }> = {
  ext: { MSDOS: '83', GPT: '8300' },
  xfs: { MSDOS: '83', GPT: '8300' },
  btrfs: { MSDOS: '83', GPT: '8300' },
  ntfs: { MSDOS: '7', GPT: '0700' },
  exfat: { MSDOS: '7', GPT: '0700' },
  fat: { MSDOS: 'b', GPT: '0700' },
};

/**
 * The partition code a restore should set when the order gives no `cpt`: null when `currentCode` already suits the
 * image's filesystem (an EFI `ef00` keeps its code for a FAT image) or the filesystem/table is not known, else the
 * OpenGnsys default for it (`83`/`8300` for ext, XFS and btrfs, `7`/`0700` for NTFS and exFAT, `b`/`0700` for FAT).
 */
export function partitionCodeForImage(
  partcloneFs: string,
  tableType: 'MSDOS' | 'GPT' | 'NONE',
  currentCode: string,
): string | null {
  const family = imageFamily(partcloneFs);
  if (!family || tableType === 'NONE') return null;
  const current = currentCode.toLowerCase();
  if (FITTING_CODES[family][tableType].includes(current)) return null;
  return DEFAULT_CODES[family][tableType];
}

/**
 * True when a layout filesystem name (`EXT4`, `XFS`, `NTFS`, `FAT32`, `EMPTY`) is of the same family as an image's,
 * i.e. partclone can write the image over it without leaving another filesystem's signatures behind.
 */
export function sameFilesystemFamily(partcloneFs: string, layoutFs: string): boolean {
  const family = imageFamily(partcloneFs);
  const fs = layoutFs.toUpperCase();
  if (family === 'ext') return /^EXT[234]$/.test(fs);
  if (family === 'fat') return /^FAT(12|16|32)$/.test(fs);
  return family !== null && fs === family.toUpperCase();
}
