import { CallHandler, ExecutionContext, HttpException, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { catchError, Observable, tap, throwError } from 'rxjs';
import { Repository } from 'typeorm';
import type { AuthUser } from '@core/common/current-user.decorator';
import { AuditEntryEntity } from './audit-entry.entity';

/** Records every authenticated write (POST, PUT, PATCH, DELETE) that reached its handler, with its outcome, in the audit log. */
@Injectable()
export class AuditLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditLog');

  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser; route?: { path?: string } }>();
    if (req.method === 'GET' || req.method === 'HEAD' || !req.user) return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((body) => this.record(req, res.statusCode, body)),
      catchError((err: unknown) => {
        this.record(
          req,
          err instanceof HttpException ? err.getStatus() : ((err as { status?: number })?.status ?? 500),
          undefined,
        );
        return throwError(() => err);
      }),
    );
  }

  private record(
    req: Request & { user?: AuthUser; route?: { path?: string } },
    statusCode: number,
    body: unknown,
  ): void {
    const created = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : null;
    const entry = this.entries.create({
      userId: req.user!.sub,
      username: req.user!.username,
      method: req.method,
      route: req.route?.path ?? req.path,
      path: req.originalUrl.slice(0, 500),
      resourceId: (req.params?.id as string | undefined) ?? created,
      statusCode,
      address: req.ip ?? '',
    });
    this.entries.save(entry).catch((err: Error) => this.logger.error(`audit entry not saved: ${err.message}`));
  }
}
