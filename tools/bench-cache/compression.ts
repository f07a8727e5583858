import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { rawGet } from './raw-get.js';
import type { RunningService } from './services.js';

export const COMPRESSION_ENCODINGS = ['br', 'gzip'] as const;
type Coding = (typeof COMPRESSION_ENCODINGS)[number];

/** Catalog pages of 20 courses across sorts, categories and depths: the ratio depends on the rows. */
export function compressionPaths(categories: readonly string[]): string[] {
  const paths = ['-createdAt', 'title', '-priceCents'].flatMap((sort) =>
    [1, 2, 5].map((page) => `/api/courses?page=${page}&sort=${sort}`),
  );
  for (const category of categories.slice(0, 3))
    paths.push(`/api/courses?category=${encodeURIComponent(category)}&page=1&sort=-createdAt`);
  return paths;
}

export interface CodingFigures {
  encoding: Coding;
  /** identity bytes / compressed bytes, per page. */
  ratios: number[];
  minRatio: number;
  meanRatio: number;
  /** The first request for a page (compressed at high quality then) and the next one (from memory), ms. */
  firstMs: number[];
  repeatMs: number[];
  /** Every repeat sent the same bytes, and they decode to the identity body. */
  identicalOnRepeat: boolean;
  decodesToIdentity: boolean;
}

export interface CompressionResult {
  pages: number;
  identityBytes: { min: number; max: number };
  codings: CodingFigures[];
}

const decode = (encoding: Coding, body: Buffer): Buffer => (encoding === 'br' ? brotliDecompressSync(body) : gunzipSync(body));
const mean = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0) / values.length;

async function measureCoding(
  service: RunningService,
  paths: readonly string[],
  identities: Buffer[],
  encoding: Coding,
): Promise<CodingFigures> {
  const figures: CodingFigures = {
    encoding,
    ratios: [],
    minRatio: 0,
    meanRatio: 0,
    firstMs: [],
    repeatMs: [],
    identicalOnRepeat: true,
    decodesToIdentity: true,
  };
  for (const [index, path] of paths.entries()) {
    const first = await rawGet(`${service.url}${path}`, { 'accept-encoding': encoding });
    const repeat = await rawGet(`${service.url}${path}`, { 'accept-encoding': encoding });
    if (first.headers['content-encoding'] !== encoding)
      throw new Error(`${path}: asked for ${encoding}, got ${first.headers['content-encoding']}`);
    figures.identicalOnRepeat &&= first.body.equals(repeat.body);
    figures.decodesToIdentity &&= decode(encoding, first.body).equals(identities[index]!);
    figures.ratios.push(identities[index]!.length / first.body.length);
    figures.firstMs.push(first.ms);
    figures.repeatMs.push(repeat.ms);
  }
  figures.minRatio = Math.min(...figures.ratios);
  figures.meanRatio = mean(figures.ratios);
  return figures;
}

/**
 * (d) Each page as served: identity bytes against the bytes sent with `Accept-Encoding: br` and
 * `gzip`, on the wire. Runs first, on a fresh service: each page is asked for in each coding for
 * the first time here, so the first request shows what compressing once costs, the repeat what it saves.
 */
export async function measureCompression(service: RunningService, categories: readonly string[]): Promise<CompressionResult> {
  const paths = compressionPaths(categories);
  const identities: Buffer[] = [];
  for (const path of paths) {
    const page = await rawGet(`${service.url}${path}`);
    if (page.status !== 200 || page.headers['content-encoding'])
      throw new Error(`${path}: ${page.status}, ${page.headers['content-encoding']}`);
    identities.push(page.body);
  }
  const codings: CodingFigures[] = [];
  for (const encoding of COMPRESSION_ENCODINGS) codings.push(await measureCoding(service, paths, identities, encoding));
  const sizes = identities.map((body) => body.length);
  return { pages: paths.length, identityBytes: { min: Math.min(...sizes), max: Math.max(...sizes) }, codings };
}
