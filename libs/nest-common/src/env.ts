import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at boot when environment variables are missing or invalid; lists every bad variable. */
export class InvalidEnvironmentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg}`));
}

/**
 * Validates `source` (default `process.env`) against a class whose properties are the variables,
 * decorated with class-validator rules and default values.
 * @throws InvalidEnvironmentError naming every variable that fails.
 */
export function loadEnv<T extends object>(envClass: new () => T, source: NodeJS.ProcessEnv = process.env): T {
  const defined = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(envClass, defined, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = describe(validateSync(env, { whitelist: false }));
  if (problems.length) throw new InvalidEnvironmentError(problems);
  return env;
}
