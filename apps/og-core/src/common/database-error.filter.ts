import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';

/**
 * Maps PostgreSQL constraint errors to 409s naming the field, so they never surface as 500.
 * Constraint names follow `uq_<table>_<field>`; foreign keys are reported as a reference conflict.
 */
@Catch(QueryFailedError)
export class DatabaseErrorFilter implements ExceptionFilter {
  catch(exception: QueryFailedError & { driverError?: { code?: string; constraint?: string; detail?: string } }, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { code, constraint = '' } = exception.driverError ?? {};
    if (code === '23505') {
      const field = constraint.replace(/^uq_[a-z_]+?_(?=[a-z]+$)/, '').replace(/^uq_/, '');
      res.status(HttpStatus.CONFLICT).json({ statusCode: 409, code: 'DUPLICATE', message: `${field} already exists`, details: { field } });
      return;
    }
    if (code === '23503') {
      res.status(HttpStatus.CONFLICT).json({ statusCode: 409, code: 'REFERENCED', message: 'the record is referenced by or references another record' });
      return;
    }
    if (code === '22P02' || code === '22003') {
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, code: 'BAD_REQUEST', message: 'invalid value' });
      return;
    }
    res.status(500).json({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
  }
}
