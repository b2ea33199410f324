/** Identity of the file auxiliary files were computed from: when `<name>.img` is replaced by hand, they are stale. */
export interface ImageSource {
  ino: number;
  sizeBytes: number;
}

/**
 * Content of `<name>.img.meta.json`: the header figures the `.info` file cannot hold exactly, and the identity of
 * the file they describe. Written with the auxiliary files (or the `invalid` verdict); ogsuite-specific.
 */
export interface ImageMeta {
  /** Used data in bytes (partclone used blocks × block size; for other tools, what a restore writes). */
  usedBytes: number;
  /** Size of the source filesystem in bytes (partclone device size; superblock size for raw images). */
  deviceSizeBytes: number;
  /** Block size in bytes (partclone, ntfsclone cluster), 0 when unknown. */
  blockSize: number;
  /** Version of the tool that wrote the image, '' when unknown. */
  partcloneVersion: string;
  /** The file these figures describe (absent in files written before it existed). */
  source?: ImageSource;
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

/** The `source` recorded in `meta.json` text (also written for invalid images), null when absent. */
export function parseImageSource(text: string | null): ImageSource | null {
  if (!text) return null;
  try {
    const s = (JSON.parse(text) as { source?: Partial<ImageSource> }).source;
    return typeof s?.ino === 'number' && typeof s.sizeBytes === 'number'
      ? { ino: s.ino, sizeBytes: s.sizeBytes }
      : null;
  } catch {
    return null;
  }
}
