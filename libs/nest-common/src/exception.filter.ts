import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainException } from './domain.exception';

/** Error body of every service: `{ statusCode, message, code }` (+ `details`, `correlationId` for 500s). */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  code: string;
  details?: Record<string, unknown>;
  correlationId?: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * The {@link ErrorBody} of a DomainException (its code and details) or an HttpException (the code of its status);
 * null for anything else. Shared by {@link GlobalExceptionFilter} and answers written outside Nest's routing.
 */
export function knownErrorBody(exception: unknown): ErrorBody | null {
  if (exception instanceof DomainException) {
    return {
      statusCode: exception.status,
      message: exception.message,
      code: exception.code,
      details: exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response && 'message' in response
        ? (response as { message: string | string[] }).message
        : exception.message;
    return { statusCode: status, message, code: CODE_BY_STATUS[status] ?? `HTTP_${status}` };
  }
  return null;
}

/** Turns an exception a service knows (e.g. a database constraint error) into an {@link ErrorBody}; null when it does not apply. */
export type ErrorMapper = (exception: unknown) => ErrorBody | null;

/**
 * Maps domain and HTTP exceptions to {@link ErrorBody}, then tries the app's `mappers`; hides the internals
 * of anything else (logged with a correlation id).
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(private readonly mappers: ErrorMapper[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, req);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: Request): ErrorBody {
    const known = knownErrorBody(exception);
    if (known) return known;
    for (const map of this.mappers) {
      const mapped = map(exception);
      if (mapped) return mapped;
    }
    const correlationId = randomUUID();
    this.logger.error(
      {
        correlationId,
        method: req.method,
        url: req.url,
        err: exception instanceof Error ? exception.stack : exception,
      },
      'unhandled error',
    );
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      message: 'Internal server error',
      code: 'INTERNAL',
      correlationId,
    };
  }
}
