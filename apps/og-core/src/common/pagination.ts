import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DomainException } from '@og/nest-common';

/** `?page=1&itemsPerPage=30` on every list endpoint. */
export class PageQuery {
  /** 1-based page number. */
  @ApiPropertyOptional({ type: Number, default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  /** Items per page, 1–500. */
  @ApiPropertyOptional({ type: Number, default: 30, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  itemsPerPage: number = 30;

  /** Field to sort by (each list documents its own); default the list's natural order. */
  @ApiPropertyOptional({ example: 'name' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,40}$/, { message: 'sort must be a field name' })
  sort?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** A page of a list: `items`, the `total` matching, and the page asked for. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  itemsPerPage: number;
}

/** TypeORM `skip`/`take` for a {@link PageQuery}. */
export function pageWindow(q: PageQuery): { skip: number; take: number } {
  return { skip: (q.page - 1) * q.itemsPerPage, take: q.itemsPerPage };
}

/**
 * TypeORM `order` for a {@link PageQuery}: `sort` must be one of `allowed`.
 * @throws DomainException BAD_SORT naming the allowed fields.
 */
export function sortOrder(q: PageQuery, allowed: readonly string[], fallback: string): Record<string, 'ASC' | 'DESC'> {
  const field = q.sort ?? fallback;
  if (!allowed.includes(field)) throw new DomainException('BAD_SORT', `sort must be one of ${allowed.join(', ')}`);
  return { [field]: q.order === 'desc' ? 'DESC' : 'ASC' };
}

/** OpenAPI answer of a list endpoint: `{ items: Model[], total, page, itemsPerPage }`. */
export function ApiPageOf(model: ClassType<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['items', 'total', 'page', 'itemsPerPage'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(model) } },
          total: { type: 'integer', description: 'items matching the filters, all pages' },
          page: { type: 'integer' },
          itemsPerPage: { type: 'integer' },
        },
      },
    }),
  );
}
