import { ValidateIf } from 'class-validator';

/**
 * Optional, but not nullable: unlike `@IsOptional()`, an explicit `null` is still validated (and
 * rejected), so it can never reach a NOT NULL column as a 500.
 */
export const OptionalDefined = (): PropertyDecorator => ValidateIf((_: object, value: unknown) => value !== undefined);
