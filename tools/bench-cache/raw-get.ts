import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The bytes as they came over the wire: still compressed when Content-Encoding says so. */
  body: Buffer;
  ms: number;
}

/** A GET with exactly the headers given (fetch would add its own Accept-Encoding and decode the body). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: flat,
          body: Buffer.concat(chunks),
          ms: performance.now() - started,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
