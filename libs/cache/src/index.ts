export { CACHE_MANAGER } from '@nestjs/cache-manager';
export type { Cache } from 'cache-manager';
export * from './cache.module.js';
export * from './redis-connection.js';
