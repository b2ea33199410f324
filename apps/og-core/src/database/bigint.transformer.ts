import type { ValueTransformer } from 'typeorm';

/** PostgreSQL `bigint` comes back as a string; byte counts fit in a JS number (< 2^53). */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
