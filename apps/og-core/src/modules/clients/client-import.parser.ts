import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { ImportClientRowDto, ImportRowError } from './client.dto';

/** Rows of a bulk import, validated one by one, with every error found (row numbers 1-based, header excluded). */
export interface ParsedImport {
  rows: ImportClientRowDto[];
  errors: ImportRowError[];
}

/**
 * Parses CSV text with a `name,mac,ip` header (`,` or `;`) via csv-parse, or takes JSON rows, and validates
 * each row (MAC normalised) plus duplicates inside the file. Never throws for bad rows: they land in `errors`.
 */
export function parseClientImport(input: { csv?: string; clients?: unknown[] }): ParsedImport {
  let raw: unknown[];
  if (input.csv !== undefined && input.clients !== undefined)
    return fail('csv', 'give either csv or clients, not both');
  if (input.csv !== undefined) {
    try {
      raw = parse(input.csv, {
        columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
        delimiter: [',', ';'],
      });
    } catch (err) {
      return fail('csv', (err as Error).message);
    }
  } else if (input.clients !== undefined) raw = input.clients;
  else return fail('csv', 'give csv or clients');
  if (raw.length === 0) return fail('csv', 'no rows');

  const rows: ImportClientRowDto[] = [];
  const errors: ImportRowError[] = [];
  const seen = { name: new Map<string, number>(), mac: new Map<string, number>(), ip: new Map<string, number>() };
  raw.forEach((value, i) => {
    const row = i + 1;
    const dto = plainToInstance(ImportClientRowDto, value ?? {});
    const problems = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    for (const p of problems)
      errors.push({ row, field: p.property, message: Object.values(p.constraints ?? {}).join('; ') });
    if (problems.length) return;
    for (const field of ['name', 'mac', 'ip'] as const) {
      const first = seen[field].get(dto[field]);
      if (first) errors.push({ row, field, message: `${field} ${dto[field]} repeats row ${first}` });
      else seen[field].set(dto[field], row);
    }
    rows.push(dto);
  });
  return { rows, errors };
}

function fail(field: string, message: string): ParsedImport {
  return { rows: [], errors: [{ row: 0, field, message }] };
}
