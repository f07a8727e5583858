import 'reflect-metadata';
import { loadConfig } from '@azora/config';
import { createServiceApp, startServiceApp } from '@azora/platform';
import { AUTH_SERVICE, AuthAppModule } from './auth-app.module.js';
import { AuthEnv } from './config/auth.env.js';

const config = loadConfig(AuthEnv);
const app = await createServiceApp(AuthAppModule.forRoot(config), { identity: AUTH_SERVICE });
await startServiceApp(app, config.PORT);
