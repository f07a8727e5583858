export * from './access-token.service.js';
export * from './auth.module.js';
export * from './decorators.js';
export * from './jwt-auth.guard.js';
export * from './roles.js';
export * from './session.store.js';
export * from './request-authenticator.js';
