/** Cloning tool named in image info, as OpenGnsys' `ogGetImageInfo` prints it. */
export type ImageTool = 'PARTCLONE' | 'NTFSCLONE' | 'PARTIMAGE' | 'DD';
/** Compressor named in image info; `NONE` for an uncompressed stream. */
export type ImageCompressor = 'ZSTD' | 'LZOP' | 'GZIP' | 'BZIP2' | 'XZ' | 'NONE';

/**
 * Image info: `TOOL:COMPRESSOR:FS:DATASIZE_KB`, e.g. `PARTCLONE:LZOP:NTFS:72100000`
 * (OpenGnsys `Image.lib` `ogGetImageInfo`; the `.info` file may carry a 5th field, the source hostname).
 */
export interface ImageInfo {
  tool: ImageTool;
  compressor: ImageCompressor;
  /** Filesystem as partclone names it, upper case: `EXTFS`, `NTFS`, `FAT32`, `BTRFS`, `XFS`… */
  filesystem: string;
  /** Bytes of used data in the image divided by 1024 (KiB), what a restore must be able to hold. */
  dataSizeKb: number;
}

/** Formats {@link ImageInfo} as `TOOL:COMPRESSOR:FS:KB`. */
export function formatImageInfo(info: ImageInfo): string {
  return `${info.tool}:${info.compressor}:${info.filesystem}:${info.dataSizeKb}`;
}

/**
 * Parses `TOOL:COMPRESSOR:FS:KB[:hostname]`.
 * @throws Error naming the bad field when the string is not image info.
 */
export function parseImageInfo(text: string): ImageInfo {
  const [tool, compressor, filesystem, kb] = text.trim().split(':');
  if (!['PARTCLONE', 'NTFSCLONE', 'PARTIMAGE', 'DD'].includes(tool))
    throw new Error(`image info: unknown tool "${tool}"`);
  if (!['ZSTD', 'LZOP', 'GZIP', 'BZIP2', 'XZ', 'NONE'].includes(compressor))
    throw new Error(`image info: unknown compressor "${compressor}"`);
  if (!filesystem && tool !== 'DD') throw new Error('image info: missing filesystem');
  if (!/^\d+$/.test(kb ?? '')) throw new Error(`image info: data size "${kb}" is not a number of KB`);
  return { tool: tool as ImageTool, compressor: compressor as ImageCompressor, filesystem, dataSizeKb: Number(kb) };
}
