const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
// 08: connection exceptions; 57P01-03: the server is shutting down or not accepting connections;
// 40001 on a standby: the query was cancelled by a conflict with recovery.
const RETRYABLE_SQLSTATE = /^(08|57P0[123]|40001)/;

/** True when a read failed because of where it ran, not what it asked: it is safe to run it elsewhere. */
export function isConnectionFailure(error: unknown): boolean {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || RETRYABLE_SQLSTATE.test(code))) return true;
  const message = typeof candidate?.message === 'string' ? candidate.message : '';
  return /connection terminated|server closed the connection|cannot connect|login has been failing|timeout exceeded when trying to connect|query read timeout/i.test(
    message,
  );
}
