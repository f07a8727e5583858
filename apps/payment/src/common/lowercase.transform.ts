import { Transform } from 'class-transformer';

/** UUIDs compare case-insensitively in PostgreSQL but not in JavaScript: keep one spelling everywhere. */
export const Lowercase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value));
