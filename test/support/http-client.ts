import { randomUUID } from 'node:crypto';

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body sent as is (for malformed JSON and oversized payloads). */
  raw?: string | Buffer;
}

/** A thin fetch client for the gateway, as a web or mobile client would talk to it. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as T) : (undefined as T), headers: response.headers };
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, undefined, options);
  post = <T = any>(path: string, body?: unknown, options?: RequestOptions) => this.request<T>('POST', path, body ?? {}, options);
  patch = <T = any>(path: string, body: unknown, options?: RequestOptions) => this.request<T>('PATCH', path, body, options);
  delete = <T = any>(path: string, options?: RequestOptions) => this.request<T>('DELETE', path, undefined, options);

  async signUp(name = 'E2E User'): Promise<{ email: string; password: string; token: string; refreshToken: string; id: string }> {
    const email = `e2e-${randomUUID()}@example.com`;
    const password = 'e2e-password-1';
    const registered = await this.post('/api/auth/register', { email, password, name });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    return { email, password, id: registered.body.id, ...(await this.signIn(email, password)) };
  }

  async signIn(email: string, password: string): Promise<{ token: string; refreshToken: string }> {
    const login = await this.post('/api/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    return { token: login.body.accessToken, refreshToken: login.body.refreshToken };
  }
}

export { eventually } from './eventually.js';
