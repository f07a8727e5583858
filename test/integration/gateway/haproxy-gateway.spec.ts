import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGatewayContract } from '../../../apps/gateway/src/gateway.contract.js';
import { spawnHaproxyGateway } from '../../../tools/local-stack/haproxy-gateway.js';
import { waitForHttp } from '../../../tools/local-stack/processes.js';
import { freePort } from '../../support/private-nats.js';

describeGatewayContract('HAProxy', async (upstreams) => {
  const dir = mkdtempSync(join(tmpdir(), 'azora-haproxy-'));
  const port = await freePort();
  const haproxy = spawnHaproxyGateway({ port, upstreams, runDir: dir, logLevel: 'warn', logDir: dir });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp('haproxy', `${url}/health/live`, haproxy.child);
  return { url, close: () => haproxy.stop() };
});
