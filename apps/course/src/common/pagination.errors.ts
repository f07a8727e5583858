import { badRequest, type AppException } from '@azora/errors';
import { MAX_PAGE_OFFSET } from './pagination.js';

export const cursorMalformed = (): AppException =>
  badRequest('REQUEST.CURSOR_INVALID', 'The cursor is malformed: pass meta.nextCursor exactly as it was returned');

export const cursorMismatch = (): AppException =>
  badRequest(
    'REQUEST.CURSOR_INVALID',
    'The cursor was issued for another sort or other filters: repeat them unchanged, or start again without a cursor',
  );

export const pageTooDeep = (): AppException =>
  badRequest(
    'REQUEST.PAGE_TOO_DEEP',
    `page only reaches the first ${MAX_PAGE_OFFSET} rows: page further with cursor=<meta.nextCursor> of the previous page`,
  );
