import { join } from 'node:path';
import { AUXILIARY_SUFFIXES, type AuxiliarySuffix } from '@og/contracts';

/** Extension of every image file in the repository. */
export const IMAGE_EXTENSION = '.img';
/** A repository image file name: canonical name + `.img` (temporary and hidden files never match). */
export const IMAGE_FILE_NAME = /^([A-Za-z0-9_-]{1,100})\.img$/;
/** Any file that belongs to an image: `<name>.img`, `<name>.img.<suffix>`, `<name>.img[.<suffix>].ant`, `.lock`. */
export const IMAGE_OWNED_FILE = /^([A-Za-z0-9_-]{1,100})\.img(\..+)?$/;
/** Prefix of every temporary file og-repository writes (hidden, so never listed). */
export const TEMP_FILE_PREFIX = '.';
/** Suffix of OpenGnsys' backup of the previous version (`<name>.img.ant`, `<name>.img.sum.ant`…). Wire contract. */
export const BACKUP_SUFFIX = 'ant';
/**
 * ogsuite-specific sidecar files beside `<name>.img` (not served, not OpenGnsys files):
 * `invalid` holds the reason an image was rejected, `meta.json` the header figures and the identity of the file
 * the auxiliary files were computed from.
 */
export const SIDECAR_SUFFIXES = ['invalid', 'meta.json'] as const;
export type SidecarSuffix = (typeof SIDECAR_SUFFIXES)[number];
/** Every file kept beside `<name>.img` that describes it. */
export const EXTRA_SUFFIXES: ReadonlyArray<AuxiliarySuffix | SidecarSuffix> = [
  ...AUXILIARY_SUFFIXES,
  ...SIDECAR_SUFFIXES,
];

/** Paths of one image's files inside a repository directory (the images or the trash). */
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

  /** `<dir>/<name>.img.lock`: exclusive lock of an upload or import (OpenGnsys' `<file>.lock`). */
  get lock(): string {
    return `${this.image}.lock`;
  }

  /** `<dir>/<name>.img.<suffix>`. */
  extra(suffix: AuxiliarySuffix | SidecarSuffix): string {
    return `${this.image}.${suffix}`;
  }

  /** The `.ant` backup of the image (no suffix) or of one of its extra files. */
  backup(suffix?: AuxiliarySuffix | SidecarSuffix): string {
    return `${suffix ? this.extra(suffix) : this.image}.${BACKUP_SUFFIX}`;
  }

  /** Every file of the image in moving order: extras and backups first, the image itself last. */
  all(): string[] {
    return [
      ...EXTRA_SUFFIXES.map((s) => this.extra(s)),
      ...EXTRA_SUFFIXES.map((s) => this.backup(s)),
      this.backup(),
      this.image,
    ];
  }

  /** A fresh hidden temporary path in the same directory (same filesystem, so `rename` is atomic). */
  temp(purpose: string, id: string): string {
    return join(this.dir, `${TEMP_FILE_PREFIX}${this.name}${IMAGE_EXTENSION}.${purpose}-${id}`);
  }
}
