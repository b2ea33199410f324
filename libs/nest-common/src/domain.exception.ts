import { HttpStatus } from '@nestjs/common';

/**
 * A rule of the domain was broken. `code` is a stable, per-domain error code (`CLIENT_NOT_FOUND`),
 * `status` the HTTP status the global filter answers with.
 */
export class DomainException extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** 404 for an unknown id. */
export class NotFoundDomainException extends DomainException {
  constructor(code: string, message: string) {
    super(code, message, HttpStatus.NOT_FOUND);
  }
}

/** 409 for a duplicate or a conflicting state. */
export class ConflictDomainException extends DomainException {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, HttpStatus.CONFLICT, details);
  }
}
