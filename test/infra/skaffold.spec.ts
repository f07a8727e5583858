// skaffold.yaml is checked offline against the published v4beta14 JSON schema, and its artifacts
// and kustomize paths against the repository. The Dockerfile gets a few static checks too.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../libs/routing/src/route-table.js';
import { k8sDir, KUSTOMIZATIONS, readYaml, repoRoot, type Json } from './support.js';

const schemaPath = path.resolve(repoRoot, '..', 'shared', 'schemas', 'skaffold-v4beta14.json');
const addFormats = addFormatsModule.default;

let validate: ValidateFunction;
let config: Json;

beforeAll(() => {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  // strict: false because the schema carries skaffold's own keywords (preferredOrder, x-intellij-*).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
  config = readYaml('skaffold.yaml') as Json;
});

describe('skaffold.yaml', () => {
  it('validates against the skaffold v4beta14 schema', () => {
    expect(config.apiVersion).toBe('skaffold/v4beta14');
    expect(config.kind).toBe('Config');
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by the schema when a field is misspelt', () => {
    expect(validate({ ...config, build: { ...config.build, artifact: config.build.artifacts } })).toBe(false);
    expect(validate({ ...config, profiles: [{ ...config.profiles[0], manifest: {} }] })).toBe(false);
  });

  it('builds exactly the three services from the one Dockerfile, tagged by git commit', () => {
    expect(config.build.tagPolicy).toEqual({ gitCommit: {} });
    const artifacts = config.build.artifacts as Json[];
    expect(artifacts.map((a) => a.image).sort()).toEqual(SERVICES.map((s) => `azora-${s}`).sort());
    for (const artifact of artifacts) {
      expect(artifact.context).toBe('.');
      expect(artifact.docker).toEqual({ dockerfile: 'Dockerfile', buildArgs: { APP: artifact.image.replace(/^azora-/, '') } });
    }
  });

  it('deploys overlays/production by default and has dev and production profiles', () => {
    const overlay = (c: Json) => c.manifests.kustomize.paths as string[];
    expect(overlay(config)).toEqual(['infrastructure/kubernetes/overlays/production']);
    expect(config.deploy.kubectl).toEqual({});
    const profiles: Record<string, Json> = Object.fromEntries((config.profiles as Json[]).map((p) => [p.name, p]));
    expect(Object.keys(profiles).sort()).toEqual(['dev', 'production']);
    expect(overlay(profiles.dev)).toEqual(['infrastructure/kubernetes/overlays/dev']);
    expect(profiles.dev.build.local.push).toBe(false);
    expect(profiles.dev.portForward.map((f: Json) => f.resourceName).sort()).toEqual([...SERVICES].sort());
    expect(overlay(profiles.production)).toEqual(['infrastructure/kubernetes/overlays/production']);
    for (const p of [config, ...Object.values(profiles)].flatMap(overlay)) {
      expect(KUSTOMIZATIONS).toContain(path.relative(k8sDir, path.join(repoRoot, p)));
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

  it('pins a Node 24 base image and never uses latest', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-[\w-]+$/m);
    expect(dockerfile).not.toMatch(/:latest\b/);
  });

  it('has deps, build, prod-deps and runtime stages, the last one running as a numeric non-root user', () => {
    const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
    expect(stages).toEqual(['base', 'deps', 'build', 'prod-deps', 'runtime']);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^ARG APP$/m);
    expect(runtime).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(runtime).toMatch(/^CMD \["node", /m);
  });

  it('is fed a small context by .dockerignore', () => {
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', 'dist', '.git', '.data', '.run', 'bench-results', 'test', 'k6', 'docs']) {
      expect(ignored).toContain(entry);
    }
    expect(existsSync(path.join(repoRoot, 'package-lock.json'))).toBe(true);
  });
});
