/** `sb_magicnum` of an XFS superblock ("XFSB", big-endian like every XFS on-disk field). */
const XFS_SB_MAGIC = 0x58465342;
/**
 * Byte offset of `sb_sectsize` (u16) in `struct xfs_dsb` (kernel xfs_format.h): magicnum u32 · blocksize u32 ·
 * dblocks, rblocks, rextents u64 · uuid[16] · logstart, rootino, rbmino, rsumino u64 · rextsize, agblocks, agcount,
 * rbmblocks, logblocks u32 · versionnum u16 · sectsize u16 at 102 (as `xfs_db -c 'sb 0' -c 'p sectsize'` prints).
 */
const XFS_SB_SECTSIZE_OFFSET = 102;

/**
 * The sector size an XFS filesystem was made with (`sb_sectsize`), from its primary superblock: the first bytes of
 * the filesystem (block 0). The kernel refuses to mount it from a device whose logical sectors are larger.
 * @param block at least the first 104 bytes of the filesystem.
 * @returns the sector size in bytes, or null when `block` does not start with an XFS superblock.
 */
export function xfsSectorSize(block: Buffer): number | null {
  if (block.length < XFS_SB_SECTSIZE_OFFSET + 2 || block.readUInt32BE(0) !== XFS_SB_MAGIC) return null;
  return block.readUInt16BE(XFS_SB_SECTSIZE_OFFSET);
}
