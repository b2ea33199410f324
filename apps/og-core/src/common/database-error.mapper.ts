import { QueryFailedError } from 'typeorm';
import type { ErrorBody } from '@og/nest-common';

/**
 * Maps PostgreSQL constraint errors to 4xx bodies naming the field, so they never surface as 500.
 * Unique indexes are named `uq_<table>_<field>`; a foreign key violation is a reference conflict.
 */
export function mapDatabaseError(exception: unknown): ErrorBody | null {
  if (!(exception instanceof QueryFailedError)) return null;
  const { code, constraint = '' } =
    (exception as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError ?? {};
  if (code === '23505') {
    const field = constraint.replace(/^uq_[a-z_]+?_(?=[a-z]+$)/, '').replace(/^uq_/, '');
    return { statusCode: 409, code: 'DUPLICATE', message: `${field} already exists`, details: { field } };
  }
  if (code === '23503')
    return {
      statusCode: 409,
      code: 'REFERENCED',
      message: 'the record is referenced by, or references, another record',
    };
  if (code === '22P02' || code === '22003') return { statusCode: 400, code: 'BAD_REQUEST', message: 'invalid value' };
  return null;
}
