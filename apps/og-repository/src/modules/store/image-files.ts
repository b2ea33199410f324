import { join } from 'node:path';
import type { AuxiliarySuffix } from '@og/contracts';

/** Extension of every image file in the repository. */
export const IMAGE_EXTENSION = '.img';
/** A repository image file name: canonical name + `.img` (temporary and hidden files never match). */
export const IMAGE_FILE_NAME = /^([A-Za-z0-9_-]{1,100})\.img$/;
/** Prefix of every temporary file og-repository writes (hidden, so never listed). */
export const TEMP_FILE_PREFIX = '.';
/**
 * ogsuite-specific sidecar files beside `<name>.img` (not served, not OpenGnsys files):
 * `invalid` holds the reason an image was rejected, `meta.json` the partclone header figures.
 */
export const SIDECAR_SUFFIXES = ['invalid', 'meta.json'] as const;
export type SidecarSuffix = (typeof SIDECAR_SUFFIXES)[number];

/** Paths of one image's files inside the repository directory. */
export class ImageFiles {
  constructor(
    private readonly dir: string,
    /** Canonical image name (validated by the caller). */
    readonly name: string,
  ) {}

  /** `<dir>/<name>.img`. */
  get image(): string {
    return join(this.dir, `${this.name}${IMAGE_EXTENSION}`);
  }

  /** `<dir>/<name>.img.<suffix>`. */
  extra(suffix: AuxiliarySuffix | SidecarSuffix): string {
    return `${this.image}.${suffix}`;
  }

  /** A fresh hidden temporary path in the same directory (same filesystem, so `rename` is atomic). */
  temp(purpose: string, id: string): string {
    return join(this.dir, `${TEMP_FILE_PREFIX}${this.name}${IMAGE_EXTENSION}.${purpose}-${id}`);
  }
}
