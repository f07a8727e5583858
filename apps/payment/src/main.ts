import 'reflect-metadata';
import { loadConfig } from '@azora/config';
import { createServiceApp, startServiceApp } from '@azora/platform';
import { PaymentEnv } from './config/payment.env.js';
import { PAYMENT_SERVICE, PaymentAppModule } from './payment-app.module.js';

// A NATS client of the course service only: no microservice server to start.
const config = loadConfig(PaymentEnv);
const app = await createServiceApp(PaymentAppModule.forRoot(config), { identity: PAYMENT_SERVICE });
await startServiceApp(app, config.PORT);
