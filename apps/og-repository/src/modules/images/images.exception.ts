import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@og/nest-common';

/** Error codes of the images domain, with their HTTP status. Wire contract (`code` of the error body). */
export const IMAGE_ERRORS = {
  INVALID_IMAGE_NAME: HttpStatus.BAD_REQUEST,
  UNKNOWN_AUXILIARY_SUFFIX: HttpStatus.BAD_REQUEST,
  IMAGE_NOT_FOUND: HttpStatus.NOT_FOUND,
  AUXILIARY_FILE_NOT_FOUND: HttpStatus.NOT_FOUND,
  UPLOAD_IN_PROGRESS: HttpStatus.CONFLICT,
  UPLOAD_UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  UPLOAD_CHECKSUM_MISSING: HttpStatus.BAD_REQUEST,
  UPLOAD_CHECKSUM_MISMATCH: HttpStatus.BAD_REQUEST,
  UPLOAD_ABORTED: HttpStatus.BAD_REQUEST,
  IMAGE_LOCKED: HttpStatus.CONFLICT,
  IMAGE_EXISTS: HttpStatus.CONFLICT,
  TRASHED_IMAGE_NOT_FOUND: HttpStatus.NOT_FOUND,
  INSUFFICIENT_STORAGE: HttpStatus.INSUFFICIENT_STORAGE,
  IMPORT_SOURCE_FAILED: HttpStatus.BAD_GATEWAY,
  IMPORT_SOURCE_NOT_READY: HttpStatus.CONFLICT,
  IMPORT_CHECKSUM_MISMATCH: HttpStatus.BAD_GATEWAY,
} as const;
export type ImageErrorCode = keyof typeof IMAGE_ERRORS;

/** A rule of the images domain was broken. */
export class ImageException extends DomainException {
  constructor(code: ImageErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, IMAGE_ERRORS[code], details);
  }
}
