import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Encoding } from './accept-encoding.js';

/**
 * Public bodies are compressed once, so they can afford the slowest, densest settings: brotli 11
 * and gzip 9 give 4.3× and 3.8× on 20-course catalog pages where the per-request brotli 4 and
 * gzip 6 give 3.7× and 3.6× (docs/http-caching.md).
 */
export const PUBLIC_BROTLI_QUALITY = 11;
export const PUBLIC_GZIP_LEVEL = 9;
/** Compressed bytes kept per process; a 20-course page takes about 2.2 KB, so thousands of pages fit. */
export const COMPRESSED_BODIES_MAX_BYTES = 16 * 1024 * 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// zlib's asynchronous calls run on libuv's threadpool: a 13 ms brotli 11 never blocks the event loop.
function compressDensely(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: PUBLIC_GZIP_LEVEL });
  return brotli(body, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: PUBLIC_BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
}

/**
 * Compressed encodings of publicly cacheable bodies, keyed by their entity tag (a hash of the
 * identity bytes) and length: a body is compressed once per process and coding, then served from
 * memory. Least recently used entries go first once the byte budget is spent; concurrent first
 * requests for one body share one compression.
 */
export class CompressedBodies {
  private readonly entries = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes = COMPRESSED_BODIES_MAX_BYTES) {}

  get size(): number {
    return this.entries.size;
  }

  get storedBytes(): number {
    return this.bytes;
  }

  /** The body in `encoding`, from memory when this tag was compressed before. */
  encode(etag: string, body: string | Buffer, encoding: Encoding): Buffer | Promise<Buffer> {
    const identity = typeof body === 'string' ? Buffer.from(body) : body;
    const key = `${encoding} ${identity.length} ${etag}`;
    const stored = this.entries.get(key);
    if (stored) {
      // Re-inserting moves the entry to the young end of the Map's insertion order.
      this.entries.delete(key);
      this.entries.set(key, stored);
      return stored;
    }
    let running = this.pending.get(key);
    if (!running) {
      running = compressDensely(identity, encoding)
        .then((compressed) => (this.store(key, compressed), compressed))
        .finally(() => this.pending.delete(key));
      this.pending.set(key, running);
    }
    return running;
  }

  private store(key: string, compressed: Buffer): void {
    if (compressed.length > this.maxBytes) return;
    this.entries.set(key, compressed);
    this.bytes += compressed.length;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }
}
