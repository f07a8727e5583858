import { HttpException, HttpStatus } from '@nestjs/common';

/** An error the client may see: an HTTP status, a stable machine code and a safe message. */
export class AppException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
  ) {
    super({ statusCode: status, code, message }, status);
  }
}

export const badRequest = (code: string, message: string): AppException =>
  new AppException(HttpStatus.BAD_REQUEST, code, message);
export const unauthorized = (code: string, message: string): AppException =>
  new AppException(HttpStatus.UNAUTHORIZED, code, message);
export const forbidden = (code: string, message: string): AppException => new AppException(HttpStatus.FORBIDDEN, code, message);
export const notFound = (code: string, message: string): AppException => new AppException(HttpStatus.NOT_FOUND, code, message);
export const conflict = (code: string, message: string): AppException => new AppException(HttpStatus.CONFLICT, code, message);
/** A dependency did not answer in time: nothing was changed and the client may retry. */
export const serviceUnavailable = (code: string, message: string): AppException =>
  new AppException(HttpStatus.SERVICE_UNAVAILABLE, code, message);
