import { randomBytes } from 'node:crypto';
import {
  createDatabaseIfMissing,
  developmentPassword,
  dropDatabase,
  provisionServiceSchemas,
  serviceDatabaseUrl,
  withDatabase,
  type SchemaOwner,
} from '@azora/database';
import { TEST_ADMIN_URL } from './env.js';

export interface TestDatabase {
  name: string;
  adminUrl: string;
  urlFor(service: SchemaOwner): string;
  drop(): Promise<void>;
}

/** A fresh, provisioned database per spec file: schemas and roles as in production, no tables yet. */
export async function createTestDatabase(label: string, serverAdminUrl = TEST_ADMIN_URL): Promise<TestDatabase> {
  const name = `azora_t_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(3).toString('hex')}`;
  await createDatabaseIfMissing(serverAdminUrl, name);
  const adminUrl = withDatabase(serverAdminUrl, name);
  await provisionServiceSchemas(adminUrl, developmentPassword);
  return {
    name,
    adminUrl,
    urlFor: (service) => serviceDatabaseUrl(adminUrl, service, developmentPassword(service)),
    drop: () => dropDatabase(serverAdminUrl, name),
  };
}
