import { IsIn, IsInt, IsUrl, Max, Min } from 'class-validator';
import { LOCAL_PORTS } from '@azora/routing';

const localUrl = (port: number): string => `http://127.0.0.1:${port}`;
const httpUrl = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

export class GatewayEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = LOCAL_PORTS.gateway;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsUrl(httpUrl)
  AUTH_URL = localUrl(LOCAL_PORTS.auth);

  @IsUrl(httpUrl)
  COURSE_URL = localUrl(LOCAL_PORTS.course);

  @IsUrl(httpUrl)
  PAYMENT_URL = localUrl(LOCAL_PORTS.payment);
}
