/** Refresh tokens are opaque to clients: `<sessionId>.<secret>`; only the secret's hash is stored. */
export function formatRefreshToken(sessionId: string, secret: string): string {
  return `${sessionId}.${secret}`;
}

export function parseRefreshToken(token: string): { sessionId: string; secret: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([\w-]{20,})$/.exec(token);
  return match ? { sessionId: match[1]!, secret: match[2]! } : undefined;
}
