export * from './course.contract.js';
export * from './nats.options.js';
