/**
 * `Vary` with a field name added, lower-case (as @fastify/compress, which looks for its own name
 * case-sensitively, also writes it); `undefined` when it is there already or `Vary` is `*`.
 */
export function mergeVary(current: string | number | string[] | undefined, field: string): string | undefined {
  if (current === undefined) return field;
  if (typeof current === 'string' && !current.includes(',')) {
    // One name, as on every cached hit: no list to parse.
    const name = current.trim().toLowerCase();
    if (name === '') return field;
    return name === '*' || name === field ? undefined : `${name}, ${field}`;
  }
  const names = (Array.isArray(current) ? current : [String(current)])
    .flatMap((value) => value.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.includes('*') || names.includes(field)) return undefined;
  return [...names, field].join(', ');
}

/** Whether a request URL (query string included) is the prefix path or under it. */
export function isUnderPrefix(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url[prefix.length];
  return next === undefined || next === '/' || next === '?';
}
