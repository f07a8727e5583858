import { loadConfig } from '@azora/config';
import { buildGateway } from './gateway.js';
import { GatewayEnv } from './gateway.env.js';

const config = loadConfig(GatewayEnv);
const gateway = buildGateway(config, { level: config.LOG_LEVEL, base: { service: 'gateway' } });
await gateway.listen({ port: config.PORT, host: '0.0.0.0' });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void gateway.close().then(() => process.exit(0)));
}
