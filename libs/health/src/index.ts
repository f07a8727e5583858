export * from './health.module.js';
export * from './redis.health.js';
