export * from './create-service-app.js';
export * from './platform.module.js';
