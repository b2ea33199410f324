import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * An integer field that OpenGnsys sends as a string (`"dsk":"1"`) or a number.
 * Converts `"1"` → `1`; anything non-numeric stays as is and fails `IsInt` with the field's name.
 */
export function WireInt(min = 0, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value)),
    IsInt(),
    Min(min),
    Max(max),
  );
}
