import { APP_INTERCEPTOR } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { ReadYourWritesInterceptor } from './consistency/read-your-writes.interceptor.js';
import { DatabaseModule } from './database.module.js';

const interceptors = (replicaReads?: boolean) =>
  (DatabaseModule.forService('spec', { schema: 'spec', entities: [], migrations: [], replicaReads }).providers ?? []).filter(
    (provider) => typeof provider === 'object' && 'provide' in provider && provider.provide === APP_INTERCEPTOR,
  );

describe(DatabaseModule.name, () => {
  it('records read-your-writes positions only in a service that reads from replicas', () => {
    expect(interceptors(true)).toEqual([{ provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor }]);
    expect(interceptors(undefined)).toEqual([]);
    expect(interceptors(false)).toEqual([]);
  });
});
