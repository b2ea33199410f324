import { Injectable } from '@nestjs/common';
import {
  AUXILIARY_SUFFIXES,
  RepositoryImage,
  RepositoryImageBackup,
  RepositoryImageList,
  TrashedRepositoryImage,
} from '@og/contracts';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore, StoreArea } from '@repository/modules/store/image-store.adapter';
import { parseImageMeta, parseImageSource } from '@repository/modules/store/image-meta';
import { volumeSetProblem } from '@repository/modules/store/image-volumes';
import { isPartimageHead } from '@og/imaging';

/**
 * Reads the state of images from their files. Status rules:
 * `processing` when `meta.json` records another file than the current `<name>.img` (replaced by hand: everything
 * beside it is stale); else `invalid` when `<name>.img.invalid` exists; `ready` when every auxiliary file (`sum`,
 * `full.sum`, `size`, `info`, `torrent`) and `meta.json` exist; `processing` otherwise. Volumes of a split image
 * that cannot be joined (and no `<name>.img` of that name) are listed as an `invalid` image saying why.
 */
@Injectable()
export class ImageCatalog {
  constructor(
    private readonly store: ImageStore,
    private readonly locks: ImageLocks,
  ) {}

  /** The image as the API reports it; null when `<name>.img` does not exist in `area`. */
  async describe(name: string, area: StoreArea = 'images'): Promise<RepositoryImage | null> {
    const stat = await this.store.statImage(name, area);
    if (!stat) return null;
    const [invalidText, sum, fullSum, info, metaText, present, locked, backup] = await Promise.all([
      this.store.readExtra(name, 'invalid', area),
      this.store.readExtra(name, 'sum', area),
      this.store.readExtra(name, 'full.sum', area),
      this.store.readExtra(name, 'info', area),
      this.store.readExtra(name, 'meta.json', area),
      Promise.all(AUXILIARY_SUFFIXES.map((s) => this.store.hasExtra(name, s, area))),
      area === 'images' ? this.locks.isLocked(name) : false,
      area === 'images' ? this.backup(name) : null,
    ]);
    const source = parseImageSource(metaText);
    const stale = source !== null && (source.ino !== stat.ino || source.sizeBytes !== stat.size);
    const meta = stale ? null : parseImageMeta(metaText);
    const invalidReason = stale ? null : invalidText;
    const complete = !stale && present.every(Boolean) && meta !== null;
    return {
      name,
      status: invalidReason !== null ? 'invalid' : complete ? 'ready' : 'processing',
      invalidReason,
      sizeBytes: stat.size,
      info: stale ? null : info,
      dataSizeBytes: meta?.usedBytes ?? null,
      filesystemSizeBytes: meta?.deviceSizeBytes ?? null,
      sum: stale ? null : sum,
      fullSum: stale ? null : fullSum,
      torrent: !stale && present[AUXILIARY_SUFFIXES.indexOf('torrent')],
      modifiedAt: stat.mtime.toISOString(),
      locked,
      backup,
    };
  }

  /** A trashed image, with the time it was moved there (the rename's ctime). */
  async describeTrashed(name: string): Promise<TrashedRepositoryImage | null> {
    const [image, stat] = await Promise.all([this.describe(name, 'trash'), this.store.statImage(name, 'trash')]);
    return image && stat ? { ...image, deletedAt: stat.ctime.toISOString() } : null;
  }

  /** Every image of the directory (and every set of volumes that cannot be joined) plus the disk usage. */
  async list(): Promise<RepositoryImageList> {
    const [names, sets] = await Promise.all([this.store.listNames(), this.store.listVolumeSets()]);
    const refused = [...sets].filter(([name]) => !names.includes(name));
    const images = (
      await Promise.all([
        ...names.map((n) => this.describe(n)),
        ...refused.map(async ([n, suffixes]) => {
          const reason = await this.volumeSetProblem(n, suffixes);
          return reason ? this.describeRefusedVolumes(n, suffixes, reason) : null;
        }),
      ])
    )
      .filter((i): i is RepositoryImage => i !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { images, disk: await this.store.diskUsage() };
  }

  /**
   * Why the volumes `suffixes` of `name` cannot be joined into `<name>.img`, null when they can: not a complete run
   * of `split` volumes, or the volumes of a split partimage image (each starts with its own volume header: partimage
   * restores them, not `cat`).
   */
  async volumeSetProblem(name: string, suffixes: string[]): Promise<string | null> {
    const problem = volumeSetProblem(suffixes);
    if (problem) return problem;
    if (suffixes.length > 1 && isPartimageHead(await this.store.readVolumeHead(name, suffixes[1], 16)))
      return 'the volumes of a split partimage image each start with a volume header; join them with partimage';
    return null;
  }

  /**
   * Volumes of `name` that cannot be joined, as an image: `invalid`, `invalidReason` naming the volumes and `reason`,
   * their total size and latest modification time; null when they are gone.
   */
  async describeRefusedVolumes(name: string, suffixes: string[], reason: string): Promise<RepositoryImage | null> {
    const volumes = await this.store.statVolumes(name, suffixes);
    if (volumes.length === 0) return null;
    const first = volumes[0].suffix;
    const last = volumes[volumes.length - 1].suffix;
    const files = volumes.length === 1 ? `${name}.img.${first}` : `${name}.img.${first} … ${name}.img.${last}`;
    return {
      name,
      status: 'invalid',
      invalidReason: `split volumes not joined (${files}, ${volumes.length} files): ${reason}`,
      sizeBytes: volumes.reduce((sum, v) => sum + v.stat.size, 0),
      info: null,
      dataSizeBytes: null,
      filesystemSizeBytes: null,
      sum: null,
      fullSum: null,
      torrent: false,
      modifiedAt: new Date(Math.max(...volumes.map((v) => v.stat.mtimeMs))).toISOString(),
      locked: false,
      backup: null,
    };
  }

  /** Every image in the trash. */
  async listTrash(): Promise<TrashedRepositoryImage[]> {
    const names = await this.store.listNames('trash');
    return (await Promise.all(names.map((n) => this.describeTrashed(n)))).filter(
      (i): i is TrashedRepositoryImage => i !== null,
    );
  }

  /**
   * What is left of an image whose `<name>.img` vanished: `invalid`, with the last checksums and size its leftover
   * files record.
   */
  async describeVanished(name: string): Promise<RepositoryImage> {
    const [sum, fullSum, info, size, metaText] = await Promise.all([
      this.store.readExtra(name, 'sum'),
      this.store.readExtra(name, 'full.sum'),
      this.store.readExtra(name, 'info'),
      this.store.readExtra(name, 'size'),
      this.store.readExtra(name, 'meta.json'),
    ]);
    const meta = parseImageMeta(metaText);
    return {
      name,
      status: 'invalid',
      invalidReason: `${name}.img vanished from the repository directory`,
      sizeBytes: Number(size ?? parseImageSource(metaText)?.sizeBytes ?? 0) || 0,
      info,
      dataSizeBytes: meta?.usedBytes ?? null,
      filesystemSizeBytes: meta?.deviceSizeBytes ?? null,
      sum,
      fullSum,
      torrent: false,
      modifiedAt: new Date().toISOString(),
      locked: false,
      backup: null,
    };
  }

  private async backup(name: string): Promise<RepositoryImageBackup | null> {
    const stat = await this.store.statBackup(name);
    if (!stat) return null;
    return {
      sizeBytes: stat.size,
      modifiedAt: stat.mtime.toISOString(),
      fullSum: await this.store.readExtra(name, 'full.sum', 'images', true),
    };
  }
}
