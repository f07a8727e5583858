import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  generateRequestId,
  httpLoggerOptions,
  requestLogLevel,
  writeRequestLine,
  type RequestLogMode,
} from './logging.module.js';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP server behind the service's pino-http middleware; returns the lines it wrote. */
async function serve(
  mode: RequestLogMode,
  slowRequestMs: number,
  delayMs = 0,
  answeredEarly = false,
): Promise<(path: string) => Promise<Line[]>> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Line);
      done();
    },
  });
  const middleware = pinoHttp(
    httpLoggerOptions({ service: 'spec', version: '0', level: 'info', requestLog: mode, slowRequestMs }),
    sink,
  );
  server = createServer((req, res) => {
    // What middie does for middleware mounted on a path: the path is cut off req.url.
    if (req.url?.startsWith('/health/')) Object.assign(req, { originalUrl: req.url, url: '/' });
    if (answeredEarly) {
      // What a cached hit answered before Nest's middleware gets instead: a line written once it is sent.
      const started = Date.now();
      const request = { id: generateRequestId(req), raw: req };
      res.on('finish', () =>
        writeRequestLine(middleware.logger, { requestLog: mode, slowRequestMs }, request, {
          raw: res,
          elapsedTime: Date.now() - started,
        }),
      );
    } else {
      middleware(req, res);
    }
    res.statusCode = Number(/status=(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
    setTimeout(() => res.end('{}'), delayMs);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return async (path) => {
    lines.length = 0;
    await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { authorization: 'Bearer secret-token', 'x-request-id': 'rid-1' },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    return [...lines];
  };
}

describe('request lines', () => {
  it('in errors-and-slow mode, writes nothing for a fast success and an error line for a 5xx', async () => {
    const get = await serve('errors-and-slow', 1000);
    expect(await get('/api/things')).toEqual([]);
    const [line] = await get('/api/things?status=503');
    expect(line).toMatchObject({
      level: 50,
      reqId: 'rid-1',
      req: { method: 'GET', url: '/api/things?status=503' },
      res: { statusCode: 503 },
    });
    expect(line, 'no made-up error with pino-http’s own stack').not.toHaveProperty('err');
  });

  it('in errors-and-slow mode, writes a warning for a slow request', async () => {
    const get = await serve('errors-and-slow', 10, 40);
    const [line] = await get('/api/slow');
    expect(line).toMatchObject({ level: 40, reqId: 'rid-1', res: { statusCode: 200 } });
  });

  it('in all mode, writes every request, without its headers and so without its credentials', async () => {
    const get = await serve('all', 1000);
    const lines = await get('/api/things');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request completed', req: { id: 'rid-1', method: 'GET' } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('never logs health checks, even failing ones seen through a mounted middleware', async () => {
    const get = await serve('all', 1000);
    expect(await get('/health/ready?status=503')).toEqual([]);
  });
});

describe(writeRequestLine.name, () => {
  const comparable = ({ time: _time, responseTime: _ms, ...line }: Line & { time?: number; responseTime?: number }) => line;

  it('writes for a request pino-http never saw the line pino-http would have written', async () => {
    for (const [mode, slowMs, delayMs] of [
      ['all', 1000, 0],
      ['errors-and-slow', 10, 40],
    ] as const) {
      const nest = await (await serve(mode, slowMs, delayMs))('/api/things?x=1');
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      const early = await (await serve(mode, slowMs, delayMs, true))('/api/things?x=1');
      expect(early).toHaveLength(1);
      expect(early.map(comparable)).toEqual(nest.map(comparable));
    }
  });

  it('stays silent for a fast success in errors-and-slow mode', async () => {
    expect(await (await serve('errors-and-slow', 1000, 0, true))('/api/things')).toEqual([]);
  });
});

describe(requestLogLevel.name, () => {
  it('logs failures as errors in every mode', () => {
    expect(requestLogLevel('errors-and-slow', 500, { statusCode: 200, error: new Error('x'), durationMs: 1 })).toBe('error');
    expect(requestLogLevel('all', 500, { statusCode: 500, error: undefined, durationMs: 1 })).toBe('error');
  });

  it('keeps client errors quiet unless slow, in errors-and-slow mode', () => {
    expect(requestLogLevel('errors-and-slow', 500, { statusCode: 404, error: undefined, durationMs: 1 })).toBe('silent');
    expect(requestLogLevel('errors-and-slow', 500, { statusCode: 404, error: undefined, durationMs: 500 })).toBe('warn');
  });
});
