import { HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainException, ErrorBody, knownErrorBody } from '@og/nest-common';

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

/**
 * The JSON error body the global exception filter would answer for `err` ({@link ErrorBody}: `statusCode`, `message`,
 * `code`, `details`), for answers written outside Nest's routing (the streamed upload): a DomainException
 * (ImageException) with its code and details, an HttpException with the code of its status, anything else a 500
 * `INTERNAL` with a fresh `correlationId` (the caller logs `err` with it).
 */
export function errorBodyOf(err: unknown): ErrorBody {
  const known = knownErrorBody(err);
  if (known) return known;
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    message: 'Internal server error',
    code: 'INTERNAL',
    correlationId: randomUUID(),
  };
}
