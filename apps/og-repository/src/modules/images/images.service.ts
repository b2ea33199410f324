import { Injectable, Logger } from '@nestjs/common';
import {
  RepositoryImage,
  RepositoryImageCheck,
  RepositoryImageList,
  RepositoryRescan,
  RepositoryStatus,
  RepositoryTrashList,
} from '@og/contracts';
import { AuxiliaryFilesService } from '@repository/modules/auxiliary-files/auxiliary-files.service';
import { ImageIntake } from '@repository/modules/auxiliary-files/image-intake.service';
import { ImageException } from '@repository/modules/images/images.exception';
import { WebhookOutbox } from '@repository/modules/reporting/webhook-outbox.service';
import { ImageCatalog } from '@repository/modules/store/image-catalog.service';
import { ImageLocks } from '@repository/modules/store/image-locks.adapter';
import { ImageStore } from '@repository/modules/store/image-store.adapter';
import { TransferRegistry } from '@repository/modules/store/transfer-registry';

/** Rules of the catalog: listing, checking, rescanning, the trash (delete, recover, purge) and the status. */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  constructor(
    private readonly store: ImageStore,
    private readonly catalog: ImageCatalog,
    private readonly locks: ImageLocks,
    private readonly aux: AuxiliaryFilesService,
    private readonly intake: ImageIntake,
    private readonly outbox: WebhookOutbox,
    private readonly transfers: TransferRegistry,
  ) {}

  /** Every image and the disk usage. */
  list(): Promise<RepositoryImageList> {
    return this.catalog.list();
  }

  /** @throws ImageException IMAGE_NOT_FOUND */
  async get(name: string): Promise<RepositoryImage> {
    const image = await this.catalog.describe(name);
    if (!image) throw new ImageException('IMAGE_NOT_FOUND', `image ${name} not found`);
    return image;
  }

  /** Recomputes `.sum` and `.full.sum` in one read and compares them to the stored ones. @throws IMAGE_NOT_FOUND */
  async check(name: string): Promise<RepositoryImageCheck> {
    const image = await this.get(name);
    const actual = await this.aux.recomputeSums(name);
    if (!actual) throw new ImageException('IMAGE_NOT_FOUND', `image ${name} not found`);
    const expected = { sum: image.sum, fullSum: image.fullSum };
    const ok = expected.sum === actual.sum && expected.fullSum === actual.fullSum;
    if (!ok) this.logger.warn({ image: name, expected, actual }, 'image check failed');
    return { name, ok, expected, actual };
  }

  /** Queues images lacking auxiliary files, reports vanished ones, and answers the catalog. */
  async rescan(): Promise<RepositoryRescan> {
    const { queued, vanished } = await this.intake.rescan();
    return { queued, vanished, images: (await this.catalog.list()).images };
  }

  /** Moves the image and its files to the trash; emits `image.deleted`. @throws IMAGE_NOT_FOUND, IMAGE_LOCKED */
  async remove(name: string): Promise<RepositoryImage> {
    const image = await this.get(name);
    if (await this.locks.isLocked(name))
      throw new ImageException('IMAGE_LOCKED', `${name} is being uploaded or imported`);
    await this.store.move(name, 'images');
    this.logger.log({ image: name }, 'image moved to the trash');
    await this.outbox.emit({ event: 'image.deleted', image });
    return image;
  }

  /** Every image in the trash. */
  async listTrash(): Promise<RepositoryTrashList> {
    return { images: await this.catalog.listTrash() };
  }

  /**
   * Brings a trashed image back with its files; emits `image.recovered` (and queues its auxiliary files if it had
   * none). @throws TRASHED_IMAGE_NOT_FOUND, IMAGE_EXISTS
   */
  async recover(name: string): Promise<RepositoryImage> {
    if (!(await this.catalog.describe(name, 'trash')))
      throw new ImageException('TRASHED_IMAGE_NOT_FOUND', `image ${name} is not in the trash`);
    if ((await this.store.statImage(name)) || (await this.locks.isLocked(name)))
      throw new ImageException('IMAGE_EXISTS', `an image ${name} is in the repository: delete it first`);
    await this.store.move(name, 'trash');
    await this.intake.adopt(name, false);
    const image = await this.get(name);
    this.logger.log({ image: name, status: image.status }, 'image recovered from the trash');
    await this.outbox.emit({ event: 'image.recovered', image });
    return image;
  }

  /** Deletes a trashed image for good; emits `image.purged`. @throws TRASHED_IMAGE_NOT_FOUND */
  async purge(name: string): Promise<RepositoryImage> {
    const image = await this.catalog.describe(name, 'trash');
    if (!image) throw new ImageException('TRASHED_IMAGE_NOT_FOUND', `image ${name} is not in the trash`);
    await this.store.purge(name);
    this.logger.log({ image: name }, 'image purged from the trash');
    await this.outbox.emit({ event: 'image.purged', image });
    return image;
  }

  /** Disk, counts and the transfers in progress. */
  async status(): Promise<RepositoryStatus> {
    const [disk, names, trash] = await Promise.all([
      this.store.diskUsage(),
      this.store.listNames(),
      this.store.listNames('trash'),
    ]);
    return { disk, imageCount: names.length, trashCount: trash.length, transfers: this.transfers.list() };
  }
}
