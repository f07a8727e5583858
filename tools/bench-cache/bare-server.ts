// The bare app as its own process, like the course service: node dist/tools/bench-cache/bare-server.js
// with BARE_FIXTURE (a JSON file holding a BareFixture) and PORT.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { bareModule, type BareFixture } from './bare-app.js';

const fixturePath = process.env.BARE_FIXTURE;
if (!fixturePath) throw new Error('BARE_FIXTURE must name the fixture file');
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as BareFixture;
const app = await NestFactory.create<NestFastifyApplication>(bareModule(fixture), new FastifyAdapter(), { logger: false });
app.enableShutdownHooks();
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
