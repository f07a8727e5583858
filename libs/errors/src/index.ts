export * from './app.exception.js';
export * from './error-body.js';
export * from './global-exception.filter.js';
export * from './validation.pipe.js';
export * from './rpc-exception.filter.js';
