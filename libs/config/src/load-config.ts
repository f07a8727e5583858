import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const describe = (error: ValidationError): string => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`;

/**
 * Validates the environment once at boot into one typed object, failing with every bad variable.
 * Strings from the environment are converted to the type of the default they replace.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Record<string, string | undefined> = process.env,
): Readonly<T> {
  const defaults = new schema() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = typeof defaults[key] === 'number' ? Number(value) : value;
  }
  const config = plainToInstance(schema, { ...defaults, ...raw });
  const errors = validateSync(config, { forbidUnknownValues: false });
  const crossChecked = (config as { crossCheck?: () => string[] }).crossCheck?.() ?? [];
  const problems = [...errors.map(describe), ...crossChecked];
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return Object.freeze(config);
}
