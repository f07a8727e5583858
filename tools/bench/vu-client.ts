import { buildConnector, Client, errors as undiciErrors } from 'undici';
import { gunzipSync } from 'node:zlib';
import { stringField } from './json.js';
import type { Flow } from './profiles.js';
import type { Recorder } from './recorder.js';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface CallOptions {
  token?: string;
  /** Statuses that count as success; default 200, 201 for POST, 204 for DELETE. */
  expect?: number[];
  /** Endpoint name for the report; default `METHOD /route/:id`, as k6's `name` tag. */
  name?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  ok: boolean;
  body: unknown;
}

/** Path segments after these collection names are ids (as k6/lib/http.js routeName). */
const ID_PARENTS = new Set(['courses', 'items', 'orders', 'payments']);

export function routeName(method: Method, path: string): string {
  const segments = path.split('?')[0]!.split('/');
  return `${method} ${segments.map((segment, i) => (i > 0 && ID_PARENTS.has(segments[i - 1]!) ? ':id' : segment)).join('/')}`;
}

const defaultExpect = (method: Method): number[] => (method === 'POST' ? [201] : method === 'DELETE' ? [204] : [200]);

function decode(raw: Buffer, encoding: string | string[] | undefined): string {
  try {
    return (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
  } catch {
    return '';
  }
}

function parse(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The API's stable error code (`{ code }`), else the body's start: request ids would make every error unique. */
function errorCode(text: string): string {
  const code = stringField(parse(text), 'code');
  return code ?? text.slice(0, 120);
}

function describeFailure(error: unknown): string {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return 'timeout';
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 160) : String(error);
}

/**
 * One virtual user's HTTP client: its own keep-alive connection to the gateway (k6 gives each VU its
 * own too), JSON in and out, `Accept-Encoding: gzip` as k6 sends, every request recorded.
 */
export class VuClient {
  private readonly client: Client;

  constructor(
    origin: string,
    private readonly recorder: Recorder,
    readonly flow: Flow | 'setup',
    timeoutMs: number,
  ) {
    const connector = buildConnector({ timeout: timeoutMs });
    this.client = new Client(origin, {
      pipelining: 1,
      keepAliveTimeout: 120_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // Counts this VU's open sockets, for the "connections held" figure.
      connect: (options, callback) =>
        connector(options, (error, socket) => {
          if (socket) {
            this.sockets += 1;
            socket.once('close', () => (this.sockets -= 1));
          }
          // undici's callback overloads want (error, null) or (null, socket).
          if (error) callback(error, null);
          else callback(null, socket!);
        }),
    });
  }

  private sockets = 0;

  get(path: string, options: CallOptions = {}): Promise<ApiResponse> {
    return this.send('GET', path, null, options);
  }

  post(path: string, body: unknown, options: CallOptions = {}): Promise<ApiResponse> {
    return this.send('POST', path, body, options);
  }

  del(path: string, options: CallOptions = {}): Promise<ApiResponse> {
    return this.send('DELETE', path, null, options);
  }

  /** k6's check(): the response had the promised shape. Setup's checks are not counted. */
  check(name: string, passed: boolean): boolean {
    return this.flow === 'setup' ? passed : this.recorder.check(this.flow, name, passed);
  }

  /** Sockets open to the gateway right now (0 or 1). */
  get connected(): number {
    return this.sockets;
  }

  close(): Promise<void> {
    return this.client.destroy();
  }

  private async send(method: Method, path: string, body: unknown, options: CallOptions): Promise<ApiResponse> {
    const name = options.name ?? routeName(method, path);
    const expect = options.expect ?? defaultExpect(method);
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip', ...options.headers };
    if (body !== null) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const at = this.recorder.now();
    this.recorder.requestsStarted += 1;
    try {
      const res = await this.client.request({ method, path, headers, body: body === null ? undefined : JSON.stringify(body) });
      const text = decode(Buffer.from(await res.body.arrayBuffer()), res.headers['content-encoding']);
      const ok = expect.includes(res.statusCode);
      const sample = { flow: this.flow, name, at, ms: this.recorder.now() - at, ok };
      this.recorder.record(sample, ok ? undefined : `HTTP ${res.statusCode} ${errorCode(text)}`);
      return { status: res.statusCode, ok, body: parse(text) };
    } catch (error) {
      this.recorder.record({ flow: this.flow, name, at, ms: this.recorder.now() - at, ok: false }, describeFailure(error));
      return { status: 0, ok: false, body: null };
    }
  }
}
