import type { RepositoryImage } from '../repository';

interface RepositoryEventBase {
  /** UUID; og-core processes each id once. */
  id: string;
  /** ISO-8601 time the repository produced the event. */
  occurredAt: string;
  /** The repository's configured name (`OG_REPOSITORY_NAME`). */
  repository: string;
}

/** A complete, verified `<name>.img` was moved into place; auxiliary files are being computed. */
export interface ImageReceivedEvent extends RepositoryEventBase {
  event: 'image.received';
  image: RepositoryImage;
}

/** `.sum`, `.full.sum`, `.size`, `.info`, `.torrent` are written; the image can be deployed. */
export interface ImageAuxReadyEvent extends RepositoryEventBase {
  event: 'image.aux-ready';
  image: RepositoryImage;
}

/** The image cannot be used (unreadable, truncated, unknown format). */
export interface ImageInvalidEvent extends RepositoryEventBase {
  event: 'image.invalid';
  image: RepositoryImage;
  reason: string;
}

/** Events og-repository posts to og-core's `POST /webhooks/repository`. Discriminated on `event`. Wire contract. */
export type RepositoryEvent = ImageReceivedEvent | ImageAuxReadyEvent | ImageInvalidEvent;
/** Values of {@link RepositoryEvent}`.event`. Wire contract. */
export const REPOSITORY_EVENT_TYPES = ['image.received', 'image.aux-ready', 'image.invalid'] as const;
