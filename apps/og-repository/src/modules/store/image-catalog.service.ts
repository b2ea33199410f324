import { Injectable } from '@nestjs/common';
import { AUXILIARY_SUFFIXES, RepositoryImage, RepositoryImageList } from '@og/contracts';
import { ImageStore } from '@repository/modules/store/image-store.adapter';
import { parseImageMeta } from '@repository/modules/store/image-meta';

/**
 * Reads the state of images from their files. Status rules:
 * `invalid` when `<name>.img.invalid` exists; `ready` when every auxiliary file (`sum`, `full.sum`, `size`,
 * `info`, `torrent`) and `meta.json` exist; `processing` otherwise (auxiliary files being computed).
 */
@Injectable()
export class ImageCatalog {
  constructor(private readonly store: ImageStore) {}

  /** The image as the API reports it; null when `<name>.img` does not exist. */
  async describe(name: string): Promise<RepositoryImage | null> {
    const stat = await this.store.statImage(name);
    if (!stat) return null;
    const [invalidReason, sum, fullSum, info, metaText, present] = await Promise.all([
      this.store.readExtra(name, 'invalid'),
      this.store.readExtra(name, 'sum'),
      this.store.readExtra(name, 'full.sum'),
      this.store.readExtra(name, 'info'),
      this.store.readExtra(name, 'meta.json'),
      Promise.all(AUXILIARY_SUFFIXES.map((s) => this.store.hasExtra(name, s))),
    ]);
    const meta = parseImageMeta(metaText);
    const complete = present.every(Boolean) && meta !== null;
    return {
      name,
      status: invalidReason !== null ? 'invalid' : complete ? 'ready' : 'processing',
      invalidReason,
      sizeBytes: stat.size,
      info,
      dataSizeBytes: meta?.usedBytes ?? null,
      filesystemSizeBytes: meta?.deviceSizeBytes ?? null,
      sum,
      fullSum,
      torrent: present[AUXILIARY_SUFFIXES.indexOf('torrent')],
      modifiedAt: stat.mtime.toISOString(),
    };
  }

  /** Every image of the directory plus the filesystem's total and free bytes. */
  async list(): Promise<RepositoryImageList> {
    const names = await this.store.listNames();
    const images = (await Promise.all(names.map((n) => this.describe(n)))).filter(
      (i): i is RepositoryImage => i !== null,
    );
    return { images, disk: await this.store.diskUsage() };
  }
}
