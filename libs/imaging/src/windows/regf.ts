/** Size of a regf base block and of the one hive bin {@link buildEmptyHive} writes, in bytes. */
const BLOCK = 4096;
/** Offset of the first cell in a hive bin (after the 32-byte `hbin` header). */
const FIRST_CELL = 0x20;

/** FILETIME (100 ns ticks since 1601-01-01 UTC) of `date`. */
function filetime(date: Date): bigint {
  return (BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n;
}

/** XOR of the first 127 little-endian dwords of the base block, as Windows and hivex check it (never 0 or ~0). */
export function regfHeaderChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 0x1fc; i += 4) sum = (sum ^ header.readUInt32LE(i)) >>> 0;
  if (sum === 0xffffffff) return 0xfffffffe;
  if (sum === 0) return 1;
  return sum;
}

/**
 * A valid, empty Windows registry hive file (regf format, 8 KiB): the 4096-byte base block (checksummed) and one
 * 4096-byte hive bin holding the root key (`nk`, no values, no subkeys), its security descriptor (`sk`) and one free
 * cell. hivex cannot create a hive from nothing; this one can be filled with `hivexregedit --merge` or hivexsh.
 * @param rootName name of the root key (ASCII), e.g. `ROOT`.
 */
export function buildEmptyHive(rootName = 'ROOT', now = new Date()): Buffer {
  if (!/^[\x20-\x7e]{1,255}$/.test(rootName)) throw new Error('rootName must be 1–255 printable ASCII characters');
  const file = Buffer.alloc(2 * BLOCK);
  const ts = filetime(now);

  // Hive bin at file offset 4096; cell offsets are relative to its start.
  const bin = file.subarray(BLOCK);
  bin.write('hbin', 0, 'latin1');
  bin.writeUInt32LE(0, 4); // offset of this bin from the first bin
  bin.writeUInt32LE(BLOCK, 8); // size of this bin
  bin.writeBigUInt64LE(ts, 0x14);

  // Root key cell.
  const nkOffset = FIRST_CELL;
  const nkLength = 0x4c + rootName.length;
  const nkCell = align8(4 + nkLength);
  // Security cell: a self-relative descriptor with no owner, group or ACLs (20 bytes).
  const skOffset = nkOffset + nkCell;
  const descriptor = Buffer.from([1, 0, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const skCell = align8(4 + 0x14 + descriptor.length);
  const freeOffset = skOffset + skCell;

  bin.writeInt32LE(-nkCell, nkOffset);
  const nk = bin.subarray(nkOffset + 4);
  nk.write('nk', 0, 'latin1');
  nk.writeUInt16LE(0x2c, 2); // KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME
  nk.writeBigUInt64LE(ts, 4);
  nk.writeUInt32LE(0, 0x0c);
  nk.writeUInt32LE(0xffffffff, 0x10); // parent: none
  nk.writeUInt32LE(0, 0x14); // subkeys
  nk.writeUInt32LE(0, 0x18); // volatile subkeys
  nk.writeUInt32LE(0xffffffff, 0x1c); // subkey list
  nk.writeUInt32LE(0xffffffff, 0x20); // volatile subkey list
  nk.writeUInt32LE(0, 0x24); // values
  nk.writeUInt32LE(0xffffffff, 0x28); // value list
  nk.writeUInt32LE(skOffset, 0x2c); // security
  nk.writeUInt32LE(0xffffffff, 0x30); // class name
  nk.writeUInt16LE(rootName.length, 0x48);
  nk.writeUInt16LE(0, 0x4a);
  nk.write(rootName, 0x4c, 'latin1');

  bin.writeInt32LE(-skCell, skOffset);
  const sk = bin.subarray(skOffset + 4);
  sk.write('sk', 0, 'latin1');
  sk.writeUInt32LE(skOffset, 4); // next sk: itself (the only one)
  sk.writeUInt32LE(skOffset, 8); // previous sk: itself
  sk.writeUInt32LE(1, 0x0c); // reference count
  sk.writeUInt32LE(descriptor.length, 0x10);
  descriptor.copy(sk, 0x14);

  bin.writeInt32LE(BLOCK - freeOffset, freeOffset); // the rest of the bin is one free cell

  const header = file.subarray(0, BLOCK);
  header.write('regf', 0, 'latin1');
  header.writeUInt32LE(1, 4); // primary sequence number
  header.writeUInt32LE(1, 8); // secondary sequence number (equal: the hive is consistent)
  header.writeBigUInt64LE(ts, 0x0c);
  header.writeUInt32LE(1, 0x14); // major version
  header.writeUInt32LE(5, 0x18); // minor version
  header.writeUInt32LE(0, 0x1c); // primary file
  header.writeUInt32LE(1, 0x20); // direct memory load format
  header.writeUInt32LE(nkOffset, 0x24); // root cell
  header.writeUInt32LE(BLOCK, 0x28); // hive bins data size
  header.writeUInt32LE(1, 0x2c); // clustering factor
  header.write(rootName.slice(0, 31), 0x30, 'utf16le');
  header.writeUInt32LE(regfHeaderChecksum(header), 0x1fc);
  return file;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
