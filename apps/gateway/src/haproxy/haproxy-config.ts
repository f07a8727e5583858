import { ROUTE_TABLE, SERVICES, type ServiceName } from '@azora/routing';
import { GATEWAY_BODY_LIMIT, UPSTREAM_CONCURRENCY } from '../gateway.js';

export interface HaproxyGatewayConfig {
  port: number;
  /** Base URL of each service, `http://host:port`. */
  upstreams: Record<ServiceName, string>;
  /** One access-log line per request at `info` and below, as the Node gateway's logger does. */
  logLevel: string;
  /** Client connections held at once; never fewer than DEFAULT_CLIENT_CONNECTIONS. */
  clientConnections?: number;
}

/** Enough for a developer and the tests, and quiet under a 20000-file limit; the bench asks for its users. */
export const DEFAULT_CLIENT_CONNECTIONS = 4000;

const VERBOSE_LEVELS = new Set(['info', 'debug', 'trace']);
const REQUEST_ID = '%[var(txn.req_id)]';

/** A JSON error body as an HAProxy log-format string: the request id expands, nothing else does. */
const jsonBody = (statusCode: number, code: string, message: string): string =>
  `lf-string '{"statusCode":${statusCode},"code":"${code}","message":"${message}","requestId":"${REQUEST_ID}"}'`;

const hostPort = (url: string): string => new URL(url).host;

/** One ACL per service, true for its prefixes (lines of one name are ORed): the exact path or below it. */
const routeAcls = (): string[] =>
  ROUTE_TABLE.flatMap((rule) => [
    `  acl route_${rule.service} path ${rule.pathPrefix}`,
    `  acl route_${rule.service} path_beg ${rule.pathPrefix}/`,
  ]);

const anyRoute = SERVICES.map((service) => `route_${service}`).join(' || ');

// HAProxy can only answer its own connection failures with a 503: the body says 502 and a marker
// header has the status rewritten on the way out. A service's own 503 passes through untouched.
const backendBlock = (service: ServiceName, url: string): string => `
backend ${service}
  http-error status 503 content-type application/json ${jsonBody(502, 'GATEWAY.UPSTREAM_UNAVAILABLE', `The ${service} service is unavailable`)} hdr x-gateway-error 1
  server ${service} ${hostPort(url)} maxconn ${UPSTREAM_CONCURRENCY}`;

const accessLog = (logLevel: string): string =>
  VERBOSE_LEVELS.has(logLevel)
    ? `  log stderr format raw local0
  log-format '{"time":"%tr","service":"gateway","requestId":"${REQUEST_ID}","method":"%HM","url":"%HU","statusCode":%ST,"responseTime":%Ta}'`
    : '  no log';

/**
 * The gateway as an HAProxy configuration: the same route table, request ids, body limit, bounded
 * upstream concurrency and JSON errors as the Node gateway (apps/gateway/src/gateway.ts), at about a
 * seventh of its CPU per request. In a cluster the Gateway API's Envoy does this; locally HAProxy does.
 */
export function renderHaproxyConfig(config: HaproxyGatewayConfig): string {
  return `# Rendered by apps/gateway/src/haproxy/haproxy-config.ts from the route table; do not edit.
global
  nbthread 1
  # HAProxy reserves two descriptors per connection and would refuse a maxconn over half the file limit;
  # a client needs one, plus the small upstream pools. stress-10000 asks for 11024 under 20000 files.
  maxconn ${Math.max(config.clientConnections ?? 0, DEFAULT_CLIENT_CONNECTIONS)}
  no strict-limits

defaults
  mode http
${accessLog(config.logLevel)}
  option http-keep-alive
  option forwardfor
  http-reuse always
  retries 2
  timeout connect 5s
  timeout client 72s
  timeout http-keep-alive 72s
  timeout http-request 30s
  timeout queue 30s
  timeout server 120s
  http-error status 400 content-type application/json ${jsonBody(400, 'REQUEST.INVALID', 'The request is not valid HTTP')}

frontend gateway
  bind 127.0.0.1:${config.port}
  unique-id-format %[uuid()]
  http-request set-var(txn.req_id) req.hdr(x-request-id) if { req.hdr(x-request-id) -m reg ^[A-Za-z0-9_.-]{1,128}$ }
  http-request set-var(txn.req_id) unique-id unless { var(txn.req_id) -m found }
  http-request set-header X-Request-Id ${REQUEST_ID}
  http-request set-header X-Forwarded-Host %[req.hdr(host),field(1,:)]
  http-request return status 200 content-type application/json string '{"status":"ok"}' if { path /health/live }
  http-request return status 413 content-type application/json ${jsonBody(413, 'REQUEST.BODY_TOO_LARGE', 'The request body is larger than the 1 MiB limit')} if { req.hdr_val(content-length) gt ${GATEWAY_BODY_LIMIT} }
${routeAcls().join('\n')}
  http-request return status 404 content-type application/json ${jsonBody(404, 'GATEWAY.NO_ROUTE', 'No route for this path')} unless ${anyRoute}
${SERVICES.map((service) => `  use_backend ${service} if route_${service}`).join('\n')}
  http-after-response set-status 502 reason "Bad Gateway" if { res.hdr(x-gateway-error) -m found }
  http-after-response del-header x-gateway-error
${SERVICES.map((service) => backendBlock(service, config.upstreams[service])).join('\n')}
`;
}
