// @ts-check
/**
 * Thin JSON client over k6/http: base URL, bearer auth, low-cardinality `name` tags, expected
 * statuses (so tolerated ones such as 409 do not count in http_req_failed) and one check per call.
 *
 * Convention (test/integration/k6/k6-routes.spec.ts relies on it): call sites pass the API path as a string or
 * template literal straight into get/post/del or spec, e.g. api.get(`/api/courses/${id}`), never
 * through a variable, so every route the scripts call can be read from the source.
 */
import http from 'k6/http';
import { check } from 'k6';
import { config } from './config.js';

/**
 * @typedef {'GET' | 'POST' | 'DELETE'} Method
 *
 * @typedef {Object} CallOptions
 * @property {string} [token]     access token, sent as `Authorization: Bearer <token>`
 * @property {number[]} [expect]  statuses that count as success; default 200, 201 for POST, 204 for DELETE
 * @property {string} [name]      `name` tag (metrics and check names); default `METHOD /route/:id`
 * @property {Record<string, string>} [headers] extra headers
 * @property {Record<string, string>} [tags]    extra metric tags
 *
 * @typedef {Object} ApiResponse
 * @property {number} status   HTTP status, 0 when the request failed at the network level
 * @property {boolean} ok      the status is one of the expected ones
 * @property {unknown} body    parsed JSON body, or null when empty or not JSON
 * @property {import('k6/http').Response} raw
 *
 * @typedef {Object} RequestSpec  one request of a batch, built by ApiClient#spec
 * @property {import('k6/http').ObjectBatchRequest} request
 * @property {string} name
 * @property {number[]} expect
 */

/** Path segments that follow these collection names are ids. */
const ID_PARENTS = new Set(['courses', 'items', 'orders', 'payments']);

/**
 * @param {Method} method
 * @param {string} path  e.g. /api/courses/3f2c…/enroll?x=1
 * @returns {string} e.g. `POST /api/courses/:id/enroll`
 */
export function routeName(method, path) {
  const segments = path.split('?')[0].split('/');
  const route = segments.map((segment, i) => (i > 0 && ID_PARENTS.has(segments[i - 1]) ? ':id' : segment)).join('/');
  return `${method} ${route}`;
}

/** @typedef {ReturnType<typeof http.expectedStatuses>} ExpectedStatusesCallback */

/** @type {Map<string, ExpectedStatusesCallback>} */
const expectedCallbacks = new Map();

/**
 * @param {number[]} statuses
 * @returns {ExpectedStatusesCallback}
 */
function expectedStatuses(statuses) {
  const key = statuses.join(',');
  let callback = expectedCallbacks.get(key);
  if (callback === undefined) {
    callback = http.expectedStatuses(...statuses);
    expectedCallbacks.set(key, callback);
  }
  return callback;
}

/**
 * @param {Method} method
 * @returns {number[]}
 */
function defaultExpect(method) {
  if (method === 'POST') return [201];
  if (method === 'DELETE') return [204];
  return [200];
}

/**
 * @param {import('k6/http').Response} res
 * @returns {unknown}
 */
function parseBody(res) {
  if (typeof res.body !== 'string' || res.body.length === 0) return null;
  try {
    return /** @type {unknown} */ (JSON.parse(res.body));
  } catch {
    return null;
  }
}

export class ApiClient {
  /**
   * @param {string} baseUrl  gateway origin, e.g. http://localhost:8080
   * @param {Record<string, string>} [tags]  tags added to every request (e.g. `flow: 'setup'`)
   */
  constructor(baseUrl, tags = {}) {
    /** @readonly */
    this.baseUrl = baseUrl;
    /** @readonly */
    this.tags = tags;
  }

  /**
   * @param {string} path
   * @param {CallOptions} [options]
   * @returns {ApiResponse}
   */
  get(path, options = {}) {
    return this.send(this.spec('GET', path, null, options));
  }

  /**
   * @param {string} path
   * @param {unknown} body  serialised as JSON; null sends no body (and no Content-Type)
   * @param {CallOptions} [options]
   * @returns {ApiResponse}
   */
  post(path, body, options = {}) {
    return this.send(this.spec('POST', path, body, options));
  }

  /**
   * @param {string} path
   * @param {CallOptions} [options]
   * @returns {ApiResponse}
   */
  del(path, options = {}) {
    return this.send(this.spec('DELETE', path, null, options));
  }

  /**
   * Builds one request without sending it (for batch).
   * @param {Method} method
   * @param {string} path
   * @param {unknown} body
   * @param {CallOptions} [options]
   * @returns {RequestSpec}
   */
  spec(method, path, body, options = {}) {
    const name = options.name ?? routeName(method, path);
    const expect = options.expect ?? defaultExpect(method);
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', ...options.headers };
    if (body !== null && body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    return {
      name,
      expect,
      request: {
        method,
        url: `${this.baseUrl}${path}`,
        body: body === null || body === undefined ? null : JSON.stringify(body),
        params: {
          headers,
          tags: { ...this.tags, ...options.tags, name },
          responseCallback: expectedStatuses(expect),
        },
      },
    };
  }

  /**
   * Sends requests in parallel (http.batch), one check each.
   * @param {RequestSpec[]} specs
   * @returns {ApiResponse[]}
   */
  batch(specs) {
    const responses = http.batch(specs.map((spec) => spec.request));
    return specs.map((spec, i) => this.inspect(spec, responses[i]));
  }

  /**
   * @param {RequestSpec} spec
   * @returns {ApiResponse}
   */
  send(spec) {
    const { method, url, body, params } = spec.request;
    return this.inspect(spec, http.request(method, url, body, params));
  }

  /**
   * Checks the status against the expected ones and parses the body.
   * @param {RequestSpec} spec
   * @param {import('k6/http').Response} res
   * @returns {ApiResponse}
   */
  inspect(spec, res) {
    const ok = check(res, { [`${spec.name} is ${spec.expect.join('|')}`]: (r) => spec.expect.includes(r.status) });
    if (!ok && config.debug) {
      console.warn(`${spec.name}: unexpected ${res.status} ${res.error} ${String(res.body).slice(0, 300)}`);
    }
    return { status: res.status, ok, body: parseBody(res), raw: res };
  }
}
