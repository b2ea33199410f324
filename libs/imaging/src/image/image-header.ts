import type { ImageCompressor, ImageInfo } from '@og/contracts';
import { NotPartcloneImageError, PartcloneHeader } from './partclone-header';
import { recogniseImage, UnrecognisedImageError } from './image-recognition';

/** What the first bytes of a partclone image file say about it. */
export interface ImageHead {
  compressor: ImageCompressor;
  partclone: PartcloneHeader;
}

/**
 * Reads the partclone header of an image from `head` (the first bytes of the file, 64 KiB–1 MiB is plenty),
 * through {@link recogniseImage}: compressor by magic bytes, the head decompressed with the real tool.
 * @throws NotPartcloneImageError when the bytes are not a partclone image (another tool's image, or nothing known).
 */
export async function readImageHead(head: Buffer): Promise<ImageHead> {
  const image = await recogniseImage(head).catch((err: Error) => {
    throw err instanceof UnrecognisedImageError ? new NotPartcloneImageError(err.message) : err;
  });
  if (!image.partclone) throw new NotPartcloneImageError(`a ${image.info.tool} image, not a partclone one`);
  return { compressor: image.info.compressor, partclone: image.partclone };
}

/** Image info `PARTCLONE:<COMP>:<FS>:<KB>` from a parsed head; KB = used bytes / 1024, rounded up. */
export function imageInfoFromHead(head: ImageHead): ImageInfo {
  return {
    tool: 'PARTCLONE',
    compressor: head.compressor,
    filesystem: head.partclone.filesystem,
    dataSizeKb: Math.ceil(head.partclone.usedBytes / 1024),
  };
}
