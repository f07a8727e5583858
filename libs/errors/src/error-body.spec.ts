import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppException, conflict } from './app.exception.js';
import { describeError } from './error-body.js';
import { containsNul } from './validation.pipe.js';

describe(describeError.name, () => {
  it('keeps the stable code of an AppException', () => {
    expect(describeError(conflict('AUTH.EMAIL_TAKEN', 'taken'))).toEqual({
      statusCode: 409,
      code: 'AUTH.EMAIL_TAKEN',
      message: 'taken',
    });
  });

  it('gives Nest exceptions a generic code', () => {
    expect(describeError(new NotFoundException('Cannot GET /x'))).toMatchObject({ statusCode: 404, code: 'REQUEST.NOT_FOUND' });
    expect(describeError(new BadRequestException(['a', 'b']))).toMatchObject({ statusCode: 400, message: 'a; b' });
  });

  it("maps Fastify's client errors", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(describeError(tooLarge)).toMatchObject({ statusCode: 413, code: 'REQUEST.BODY_TOO_LARGE' });
  });

  it('treats anything else as an unexpected server error', () => {
    expect(describeError(new Error('db exploded'))).toBeUndefined();
    expect(describeError(Object.assign(new Error('x'), { statusCode: 503 }))).toBeUndefined();
  });
});

describe('describeError, deliberate and wrapped errors', () => {
  it('passes a deliberate 5xx AppException through with its code', () => {
    const unavailable = new AppException(503, 'PAYMENT.CATALOG_UNAVAILABLE', 'try again');
    expect(describeError(unavailable)).toEqual({ statusCode: 503, code: 'PAYMENT.CATALOG_UNAVAILABLE', message: 'try again' });
  });

  it("maps Fastify's errors that Nest wrapped in an HttpException", () => {
    const cause = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    const wrapped = new HttpException(cause.message, 400, { cause });
    expect(describeError(wrapped)).toEqual({
      statusCode: 400,
      code: 'REQUEST.MALFORMED_JSON',
      message: 'Body is not valid JSON',
    });
  });
});

describe('describeError, database outages', () => {
  it('answers an exhausted pool with 503 DATABASE.BUSY, a refusing server with 503 DATABASE.UNAVAILABLE', () => {
    expect(describeError(new Error('timeout exceeded when trying to connect'))).toMatchObject({
      statusCode: 503,
      code: 'DATABASE.BUSY',
    });
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(describeError(shutdown)).toMatchObject({ statusCode: 503, code: 'DATABASE.UNAVAILABLE' });
    const wrapped = Object.assign(new Error('query failed'), {
      driverError: Object.assign(new Error('too many'), { code: '53300' }),
    });
    expect(describeError(wrapped)).toMatchObject({ statusCode: 503, code: 'DATABASE.UNAVAILABLE' });
  });

  it('leaves other database errors unexpected', () => {
    expect(describeError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
  });
});

describe(containsNul.name, () => {
  it('finds NUL in strings, nested values and keys, and nowhere else', () => {
    expect(containsNul('a\u0000b')).toBe(true);
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: ['fine', 1, null] })).toBe(false);
  });
});
