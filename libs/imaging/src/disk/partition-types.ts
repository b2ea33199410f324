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
