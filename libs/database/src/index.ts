export * from './data-source-options.js';
export * from './database.module.js';
export * from './migrations.js';
export * from './provisioning.js';
export * from './pg-errors.js';
export * from './read-routing.js';
