export { getToken as getMetricToken, InjectMetric } from '@willsoto/nestjs-prometheus';
export * from './http-metrics.js';
export * from './metrics.module.js';
