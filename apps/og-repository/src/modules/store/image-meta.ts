/**
 * Content of `<name>.img.meta.json`: the partclone header figures the `.info` file cannot hold exactly.
 * Written with the auxiliary files; ogsuite-specific.
 */
export interface ImageMeta {
  /** Used data in bytes (partclone used blocks × block size). */
  usedBytes: number;
  /** Size of the source filesystem in bytes (partclone device size). */
  deviceSizeBytes: number;
  /** partclone block size in bytes. */
  blockSize: number;
  /** partclone version that wrote the image. */
  partcloneVersion: string;
}

/** Parses `meta.json` text; null when missing or malformed (the image is then recomputed). */
export function parseImageMeta(text: string | null): ImageMeta | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as Partial<ImageMeta>;
    if (typeof m.usedBytes !== 'number' || typeof m.deviceSizeBytes !== 'number') return null;
    return m as ImageMeta;
  } catch {
    return null;
  }
}
