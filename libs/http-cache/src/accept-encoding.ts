/** The content codings responses are offered in, most preferred first when the client's q-values tie. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** `*` and `x-gzip` stand for gzip, as `@fastify/compress` reads them. */
const aliasOf = (token: string): string => (token === '*' || token === 'x-gzip' ? 'gzip' : token);

function quality(parameters: readonly string[]): number {
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=', 2).map((part) => part.trim());
    if (name === 'q') return Number.parseFloat(value ?? '') || 0;
  }
  return 1;
}

/**
 * The coding `@fastify/compress` would pick for this `Accept-Encoding`: the highest q-value above
 * 0 among `br` and `gzip`, brotli on a tie; undefined when the client accepts neither (no header,
 * `identity`, `deflate`, `zstd`, or `q=0` on both). Kept in step with the plugin by a test that
 * sends the same headers to a public route (this path) and a private one (the plugin's).
 */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (header === undefined) return undefined;
  let chosen: Encoding | undefined;
  let best = 0;
  for (const item of header.toLowerCase().split(',')) {
    const [token = '', ...parameters] = item.split(';').map((part) => part.trim());
    const encoding = ENCODINGS.find((candidate) => candidate === aliasOf(token));
    if (encoding === undefined) continue;
    const q = quality(parameters);
    const better =
      q > best || (q === best && q > 0 && chosen !== undefined && ENCODINGS.indexOf(encoding) < ENCODINGS.indexOf(chosen));
    if (better) {
      chosen = encoding;
      best = q;
    }
  }
  return chosen;
}
