export * from './base-env.js';
export * from './load-config.js';
export * from './config.module.js';
