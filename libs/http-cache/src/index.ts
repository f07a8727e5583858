export * from './accept-encoding.js';
export * from './cache-policy.js';
export * from './cache-policy.guard.js';
export * from './compressed-bodies.js';
export * from './entity-tag.js';
export * from './http-caching.js';
export * from './headers.js';
