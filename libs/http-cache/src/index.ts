export * from './cache-policy.js';
export * from './cache-policy.interceptor.js';
export * from './entity-tag.js';
export * from './http-caching.js';
export * from './headers.js';
