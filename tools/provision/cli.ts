import { provisionServiceSchemas, SERVICE_SCHEMAS, type SchemaOwner } from '@azora/database';

/**
 * One-off, idempotent provisioning of a production database: the three service roles with their
 * passwords, one schema each, nothing granted to PUBLIC. Run by an operator (or a Job) with a
 * superuser URL; the services then migrate their own schemas.
 *
 *   DATABASE_ADMIN_URL=postgres://... AZORA_AUTH_DB_PASSWORD=... AZORA_COURSE_DB_PASSWORD=... \
 *   AZORA_PAYMENT_DB_PASSWORD=... node dist/tools/provision/cli.js
 */
const adminUrl = process.env.DATABASE_ADMIN_URL;
const passwordVariable = (service: SchemaOwner): string => `AZORA_${service.toUpperCase()}_DB_PASSWORD`;
const services = Object.keys(SERVICE_SCHEMAS) as SchemaOwner[];
const missing = [
  ...(adminUrl ? [] : ['DATABASE_ADMIN_URL']),
  ...services.map(passwordVariable).filter((name) => !process.env[name]),
];
if (missing.length > 0) {
  console.error(`missing: ${missing.join(', ')}`);
  process.exit(2);
}
await provisionServiceSchemas(adminUrl!, (service) => process.env[passwordVariable(service)]!);
console.log(`provisioned roles and schemas: ${services.join(', ')}`);
