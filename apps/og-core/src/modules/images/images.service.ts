import { Injectable, Logger } from '@nestjs/common';
import { ConflictDomainException, NotFoundDomainException } from '@og/nest-common';
import { parseImageInfo, RepositoryImage } from '@og/contracts';
import { Page } from '@core/common/pagination';
import { ImageRepositoriesService } from '@core/modules/image-repositories/image-repositories.service';
import { CreateImageDto, ImageQuery, UpdateImageDto } from './image.dto';
import { ImageEntity } from './image.entity';
import { ImagesRepository } from './images.repository';

/** Images: records, and the facts repositories report about their files. */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  constructor(
    private readonly images: ImagesRepository,
    private readonly repositories: ImageRepositoriesService,
  ) {}

  list(q: ImageQuery): Promise<Page<ImageEntity>> {
    return this.images.list(q);
  }

  /** @throws NotFoundDomainException IMAGE_NOT_FOUND. */
  async get(id: string): Promise<ImageEntity> {
    const image = await this.images.findById(id);
    if (!image) throw new NotFoundDomainException('IMAGE_NOT_FOUND', `image ${id} not found`);
    return image;
  }

  /** The image `id`, or null when there is none (e.g. deleted while an agent worked on it). */
  find(id: string): Promise<ImageEntity | null> {
    return this.images.findById(id);
  }

  findByName(name: string): Promise<ImageEntity | null> {
    return this.images.findByName(name);
  }

  async create(dto: CreateImageDto, createdBy: string | null): Promise<ImageEntity> {
    await this.repositories.get(dto.repositoryId);
    return this.images.save({ ...dto, status: 'pending', createdBy });
  }

  async update(id: string, dto: UpdateImageDto): Promise<ImageEntity> {
    await this.get(id);
    await this.images.update(id, dto);
    return this.get(id);
  }

  /** @throws ConflictDomainException IMAGE_BUSY while a capture is running. */
  async remove(id: string): Promise<void> {
    const image = await this.get(id);
    if (image.status === 'in-progress') throw new ConflictDomainException('IMAGE_BUSY', 'image is being captured');
    await this.images.remove(id);
  }

  /** A capture of the image started from a client partition. */
  async markCapturing(
    id: string,
    source: { clientId: string; disk: number; partition: number; code: string | null },
  ): Promise<void> {
    await this.images.update(id, {
      status: 'in-progress',
      statusMessage: null,
      sourceClientId: source.clientId,
      sourceDisk: source.disk,
      sourcePartition: source.partition,
      sourceCode: source.code,
    });
  }

  /** The capture failed: the image is `failed` unless the repository already holds a good version. */
  async markCaptureFailed(id: string, reason: string): Promise<void> {
    await this.images.update(id, { status: 'failed', statusMessage: reason });
  }

  /** Links the software inventory of the image's source partition (taken by its capture). */
  async setSoftwareProfile(id: string, softwareProfileId: string): Promise<void> {
    await this.images.update(id, { softwareProfileId });
  }

  async markDeployed(id: string): Promise<void> {
    await this.images.update(id, { lastDeployedAt: new Date() });
  }

  /**
   * Applies a repository's report about `<name>.img`. `ready` sets status `success` and the file facts
   * (info, sizes, checksums); `invalid` sets `failed`; `processing` sets `in-progress`.
   * An image unknown to og-core but known to a registered repository is created (dropped in by hand).
   * `outcome` `trash` (deleted to the trash) sets status `trash`; `purged` removes the record.
   * Reports older than the last one applied (`occurredAt`, ISO-8601) are ignored: retries may deliver them late.
   */
  async applyRepositoryReport(
    repositoryName: string,
    file: RepositoryImage,
    occurredAt: string,
    reason?: string,
    outcome?: 'trash' | 'purged',
  ): Promise<void> {
    let image = await this.images.findByName(file.name);
    if (!image) {
      const repository = await this.repositories.findByName(repositoryName);
      if (!repository) {
        this.logger.warn(`report about ${file.name} from unknown repository "${repositoryName}" ignored`);
        return;
      }
      image = await this.images.save({
        name: file.name,
        repositoryId: repository.id,
        status: 'pending',
        createdBy: `repository:${repositoryName}`,
      });
    }
    const reportedAt = new Date(occurredAt);
    if (image.repositoryReportedAt && image.repositoryReportedAt >= reportedAt) {
      this.logger.log(`late report about ${file.name} (${occurredAt}) ignored`);
      return;
    }
    const facts: Partial<ImageEntity> = {
      repositoryReportedAt: reportedAt,
      sizeBytes: file.sizeBytes,
      info: file.info,
      dataSizeBytes: file.dataSizeBytes,
      filesystemSizeBytes: file.filesystemSizeBytes,
      sum: file.sum,
      fullSum: file.fullSum,
    };
    if (file.info) parseImageInfo(file.info);
    if (outcome === 'purged') await this.images.remove(image.id);
    else if (outcome === 'trash')
      await this.images.update(image.id, { ...facts, status: 'trash', statusMessage: 'in the repository trash' });
    else if (file.status === 'ready')
      await this.images.update(image.id, { ...facts, status: 'success', statusMessage: null });
    else if (file.status === 'invalid')
      await this.images.update(image.id, { ...facts, status: 'failed', statusMessage: reason ?? file.invalidReason });
    else await this.images.update(image.id, { ...facts, status: 'in-progress' });
  }
}
