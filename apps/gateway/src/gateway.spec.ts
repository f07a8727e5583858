import { loadConfig } from '@azora/config';
import { describeGatewayContract } from './gateway.contract.js';
import { buildGateway } from './gateway.js';
import { GatewayEnv } from './gateway.env.js';

describeGatewayContract('Node', async (upstreams) => {
  const config = loadConfig(GatewayEnv, {
    AUTH_URL: upstreams.auth,
    COURSE_URL: upstreams.course,
    PAYMENT_URL: upstreams.payment,
  });
  const gateway = buildGateway(config);
  const url = await gateway.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => gateway.close() };
});
