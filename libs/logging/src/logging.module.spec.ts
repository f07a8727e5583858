import { describe, expect, it } from 'vitest';
import { serializeError } from './logging.module.js';

describe(serializeError.name, () => {
  it("drops a database error's SQL and parameters but keeps what explains it", () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      query: 'INSERT INTO auth.users (email, password_hash) VALUES ($1, $2)',
      parameters: ['ada@example.com', '$argon2id$v=19$secret'],
      driverError: { detail: 'Key (email)=(ada@example.com) already exists.' },
      code: '23505',
    });
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('duplicate key value');
    expect(logged).toContain('23505');
    expect(logged).not.toContain('ada@example.com');
    expect(logged).not.toContain('argon2id');
  });
});
