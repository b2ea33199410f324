import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

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
