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

const MARKER = 'x-gateway-error';

/** One ACL per service, true for its prefixes (lines of one name are ORed): the exact path or below it. */
const routeAcls = (): string[] =>
  ROUTE_TABLE.flatMap((rule) => [
    `  acl route_${rule.service} path ${rule.pathPrefix}`,
    `  acl route_${rule.service} path_beg ${rule.pathPrefix}/`,
  ]);

const anyRoute = SERVICES.map((service) => `route_${service}`).join(' || ');

/**
 * HAProxy's own upstream failures (503 cannot connect or queue timeout, 502 bad answer, 504 no answer)
 * get the Node gateway's JSON 502: the body says so, and a marker header has the status rewritten on the
 * way out. A service's own responses never carry the marker, so its 503s pass through untouched.
 */
function backendBlock(service: ServiceName, url: string): string {
  const unavailable = jsonBody(502, 'GATEWAY.UPSTREAM_UNAVAILABLE', `The ${service} service is unavailable`);
  const errors = [502, 503, 504].map(
    (status) => `  http-error status ${status} content-type application/json ${unavailable} hdr ${MARKER} 1`,
  );
  return `
backend ${service}
${errors.join('\n')}
  http-response del-header ${MARKER}
  server ${service} ${hostPort(url)} maxconn ${UPSTREAM_CONCURRENCY}`;
}

const accessLog = (logLevel: string): string =>
  VERBOSE_LEVELS.has(logLevel)
    ? `  log stderr format raw local0
  log-format '{"time":"%tr","service":"gateway","requestId":"${REQUEST_ID}","method":"%HM","url":"%HU","statusCode":%ST,"responseTime":%Ta}'`
    : '  no log';

/**
 * The gateway as an HAProxy configuration: the same route table, request ids, body limit, bounded
 * upstream concurrency and JSON errors as the Node gateway (apps/gateway/src/gateway.ts), at a third
 * of its CPU per request in the load-1000 mix. In a cluster the Gateway API's
 * Envoy does this; locally HAProxy does, on loopback only.
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
  # A connection a service closed while idle (its keep-alive ran out) is retried on another; a GET is
  # also retried when a service hangs up without answering. Other methods are never sent twice.
  retries 2
  retry-on conn-failure empty-response
  timeout connect 5s
  timeout client 72s
  timeout http-keep-alive 72s
  timeout http-request 30s
  # Requests over a service's 128 in flight wait this long for a slot, as long as an answer may take.
  timeout queue 120s
  timeout server 120s
  http-error status 400 content-type application/json ${jsonBody(400, 'REQUEST.INVALID', 'The request is not valid HTTP')}

frontend gateway
  bind 127.0.0.1:${config.port}
  unique-id-format %[uuid()]
  # A caller's id is kept when it is one well-formed header line (fhdr: commas are not split); else a UUID.
  http-request set-var(txn.req_id) req.fhdr(x-request-id) if { req.fhdr_cnt(x-request-id) eq 1 }
  http-request unset-var(txn.req_id) unless { var(txn.req_id) -m reg ^[A-Za-z0-9_.-]{1,128}$ }
  http-request set-var(txn.req_id) unique-id unless { var(txn.req_id) -m found }
  http-request set-header X-Request-Id ${REQUEST_ID}
  http-request disable-l7-retry unless METH_GET
  http-request set-header X-Forwarded-Host %[req.hdr(host),field(1,:)]
  http-request return status 200 content-type application/json string '{"status":"ok"}' if { path /health/live }
  http-request return status 413 content-type application/json ${jsonBody(413, 'REQUEST.BODY_TOO_LARGE', 'The request body is larger than the 1 MiB limit')} if { req.hdr_val(content-length) gt ${GATEWAY_BODY_LIMIT} }
${routeAcls().join('\n')}
  http-request return status 404 content-type application/json ${jsonBody(404, 'GATEWAY.NO_ROUTE', 'No route for this path')} unless ${anyRoute}
${SERVICES.map((service) => `  use_backend ${service} if route_${service}`).join('\n')}
  http-after-response set-status 502 reason "Bad Gateway" if { res.hdr(${MARKER}) -m found }
  http-after-response del-header ${MARKER}
${SERVICES.map((service) => backendBlock(service, config.upstreams[service])).join('\n')}
`;
}
