import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { Repository } from 'typeorm';
import type { AuthUser } from '@core/common/current-user.decorator';
import { AuditEntryEntity } from './audit-entry.entity';

type AuditedRequest = Request & { user?: AuthUser; route?: { path?: string } };

/**
 * Records every authenticated write (POST, PUT, PATCH, DELETE) in the audit log once its answer is sent: who, route,
 * path, the resource's id (from the path, or the `id` of the created object) and the final status, refusals (403,
 * 400, 409) included.
 *
 * A middleware rather than a global interceptor: a Nest interceptor wraps every handler, reads included, in rxjs and
 * `AsyncResource.bind`, which cost about half of og-core's CPU per `GET /clients/{id}` in bench/inventory.
 */
@Injectable()
export class AuditLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('AuditLog');

  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  use(req: AuditedRequest, res: Response, next: NextFunction): void {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    let created: string | null = null;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (body && typeof body === 'object' && 'id' in body) created = String((body as { id: unknown }).id);
      return json(body);
    };
    res.once('close', () => {
      if (req.user) this.record(req, res.statusCode, created);
    });
    next();
  }

  private record(req: AuditedRequest, statusCode: number, created: string | null): void {
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
