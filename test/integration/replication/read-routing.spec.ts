import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicationService } from '@azora/database';
import { CourseEnv } from '../../../apps/course/src/config/course.env.js';
import { COURSE_SERVICE, CourseAppModule } from '../../../apps/course/src/course-app.module.js';
import { setReplayPaused, startReplica, stopReplica } from '../../../tools/db-topology/topology.js';
import { eventually } from '../../support/eventually.js';
import { bearerFor, bootTestService, testConfig } from '../../support/service-app.js';
import { createTopologyDatabase, type TopologyDatabase } from '../../support/topology-database.js';

let db: TopologyDatabase;
let app: NestFastifyApplication;
let instructor: string;

const rotationOf = (service: NestFastifyApplication) =>
  service.get(ReplicationService).monitor!.snapshot.map((r) => r.inRotation);
const rotation = () => rotationOf(app);

/** A course service on the topology; the lag bound decides when a paused replica leaves the rotation. */
async function bootCourse(maxLagMs: number): Promise<NestFastifyApplication> {
  const env = { ...db.envFor('course'), REPLICA_MAX_LAG_MS: String(maxLagMs), REPLICA_POLL_INTERVAL_MS: '100' };
  const service = await bootTestService(CourseAppModule.forRoot(testConfig(CourseEnv, '', env)), { identity: COURSE_SERVICE });
  await eventually(() => rotationOf(service).every(Boolean), 15_000);
  return service;
}

async function createCourse(title: string): Promise<string> {
  const body = { title, description: 'd', category: 'replication', priceCents: 0, published: true };
  const response = await app.inject({
    method: 'POST',
    url: '/api/courses',
    payload: body,
    headers: { authorization: instructor },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

const detail = (id: string, authorization?: string) =>
  app.inject({ url: `/api/courses/${id}`, headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  db = await createTopologyDatabase('routing');
  // A generous bound: paused replicas stay in rotation, so every read-your-writes check is a real one.
  app = await bootCourse(60_000);
  instructor = await bearerFor(app, randomUUID(), 'instructor');
}, 120_000);

afterAll(async () => {
  await Promise.all([setReplayPaused(0, false), setReplayPaused(1, false)]).catch(() => undefined);
  await app?.close();
  await db?.drop();
});

describe('read/write routing on the replica topology', () => {
  it('reads the catalog from replicas, and a user reads their own writes while replay is paused (1000 times)', async () => {
    const id = await createCourse('Before the pause');
    await eventually(async () => (await detail(id)).statusCode === 200);
    await Promise.all([setReplayPaused(0, true), setReplayPaused(1, true)]);
    try {
      const hidden = await app.inject({
        method: 'PATCH',
        url: `/api/courses/${id}`,
        payload: { title: 'Renamed' },
        headers: { authorization: instructor },
      });
      expect(hidden.statusCode).toBe(200);
      // An anonymous reader is served by a paused replica: proof the replicas are really read.
      expect((await detail(id)).json<{ title: string }>().title).toBe('Before the pause');
      for (let i = 0; i < 1000; i++) {
        const title = `Renamed ${i}`;
        const patched = await app.inject({
          method: 'PATCH',
          url: `/api/courses/${id}`,
          payload: { title },
          headers: { authorization: instructor },
        });
        expect(patched.statusCode).toBe(200);
        const read = await detail(id, instructor);
        expect(read.json<{ title: string }>().title, `read ${i}`).toBe(title);
      }
      expect(rotation()).toEqual([true, true]);
      const metrics = (await app.inject({ url: '/metrics' })).body;
      expect(metrics).toMatch(/db_query_duration_seconds_count\{[^}]*target="replica"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/db_replica_in_rotation\{[^}]*replica="replica-1"[^}]*\} 1/);
      expect(metrics).toMatch(/db_pool_connections\{[^}]*target="primary",state="idle"[^}]*\}/);
    } finally {
      await Promise.all([setReplayPaused(0, false), setReplayPaused(1, false)]);
    }
  }, 120_000);

  it('takes replicas lagging beyond the bound out of rotation, serves from the primary, and takes them back', async () => {
    const strict = await bootCourse(1000);
    const strictRotation = () => rotationOf(strict);
    await Promise.all([setReplayPaused(0, true), setReplayPaused(1, true)]);
    try {
      const id = await createCourse('Written during the lag');
      await eventually(async () => {
        await createCourse(`lag pulse ${Date.now()}`);
        return strictRotation().every((inRotation) => !inRotation);
      });
      expect((await strict.inject({ url: `/api/courses/${id}` })).statusCode).toBe(200);
      const ready = await strict.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'degraded' });
    } finally {
      await Promise.all([setReplayPaused(0, false), setReplayPaused(1, false)]);
    }
    await eventually(() => strictRotation().every(Boolean));
    await strict.close();
  }, 60_000);

  it('loses a replica under load without a failed request, and takes it back once it returns', async () => {
    const id = await createCourse('Under load');
    await eventually(async () => (await detail(id)).statusCode === 200);
    const statuses: number[] = [];
    let running = true;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (running) {
          const [page, one] = await Promise.all([app.inject({ url: '/api/courses?limit=20' }), detail(id)]);
          statuses.push(page.statusCode, one.statusCode);
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopReplica(0);
    await eventually(() => rotation()[0] === false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await app.inject({ url: '/health/ready' })).json()).toMatchObject({ status: 'degraded' });
    await startReplica(0);
    await eventually(() => rotation()[0] === true, 30_000);
    running = false;
    await load;
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 90_000);
});
