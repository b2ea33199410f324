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

/** `DELETE images/{name}`: the image and its files moved to the trash. `image` is its state just before. */
export interface ImageDeletedEvent extends RepositoryEventBase {
  event: 'image.deleted';
  image: RepositoryImage;
}

/** `POST trash/images/{name}`: the image is back in the repository (`image` as it is now: `ready`, or `processing`). */
export interface ImageRecoveredEvent extends RepositoryEventBase {
  event: 'image.recovered';
  image: RepositoryImage;
}

/** `DELETE trash/images/{name}`: the trashed image is gone for good. `image` is its state in the trash just before. */
export interface ImagePurgedEvent extends RepositoryEventBase {
  event: 'image.purged';
  image: RepositoryImage;
}

/**
 * `POST images/{name}/import`: `<name>.img` was pulled from another og-repository, verified against its `.full.sum`
 * and installed (`image` is `processing`; `image.aux-ready` or `image.invalid` follows as after an upload).
 */
export interface ImageImportedEvent extends RepositoryEventBase {
  event: 'image.imported';
  image: RepositoryImage;
  /** Where it came from. */
  source: { url: string; fullSum: string };
}

/**
 * A rescan found that `<name>.img` disappeared from the directory outside the API (deleted by hand). `image` is
 * what is left of it: status `invalid`, `invalidReason` saying so, the last known checksums when they were left.
 */
export interface ImageVanishedEvent extends RepositoryEventBase {
  event: 'image.vanished';
  image: RepositoryImage;
}

/** Events og-repository posts to og-core's `POST /webhooks/repository`. Discriminated on `event`. Wire contract. */
export type RepositoryEvent =
  | ImageReceivedEvent
  | ImageAuxReadyEvent
  | ImageInvalidEvent
  | ImageDeletedEvent
  | ImageRecoveredEvent
  | ImagePurgedEvent
  | ImageImportedEvent
  | ImageVanishedEvent;
/** Values of {@link RepositoryEvent}`.event`. Wire contract. */
export const REPOSITORY_EVENT_TYPES = [
  'image.received',
  'image.aux-ready',
  'image.invalid',
  'image.deleted',
  'image.recovered',
  'image.purged',
  'image.imported',
  'image.vanished',
] as const;
