// Shared helpers for the offline manifest checks: render kustomizations with kubectl, pick the
// kubernetes-models class for each object, and find fields that the model's schema does not know.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Gateway, HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { postgresqlCnpgIo } from '@kubernetes-models/cloudnative-pg';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const k8sDir = path.join(repoRoot, 'infrastructure', 'kubernetes');

/** Every kustomization that must render: the overlays and the tests/ combinations. */
export const KUSTOMIZATIONS = ['base', 'overlays/production', 'overlays/dev', ...subdirs('tests')];

function subdirs(rel: string): string[] {
  const dir = path.join(k8sDir, rel);
  return execFileSync('find', [dir, '-mindepth', '1', '-maxdepth', '1', '-type', 'd'], { encoding: 'utf8' })
    .split('\n')
    .filter((d) => d && existsSync(path.join(d, 'kustomization.yaml')))
    .map((d) => path.relative(k8sDir, d))
    .sort();
}

/** Loosely typed manifest data, for assertions that walk into specs. */
export type Json = Record<string, any>;

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

let kubectlPath: string | undefined;

/** $KUBECTL, else whatever scripts/ci/ensure-kubectl.sh finds or unpacks. */
export function kubectl(): string {
  kubectlPath ??=
    process.env.KUBECTL ||
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'ci', 'ensure-kubectl.sh')], { encoding: 'utf8' }).trim();
  return kubectlPath;
}

export function render(kustomization: string): K8sObject[] {
  const yaml = execFileSync(kubectl(), ['kustomize', path.join(k8sDir, kustomization)], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(yaml)
    .map((doc) => {
      if (doc.errors.length) throw doc.errors[0];
      return doc.toJS() as K8sObject;
    })
    .filter(Boolean);
}

export function readYaml(rel: string): unknown {
  const [doc] = parseAllDocuments(readFileSync(path.join(repoRoot, rel), 'utf8'));
  return doc.toJS();
}

export const byKind = <T = K8sObject>(objects: K8sObject[], kind: string): T[] => objects.filter((o) => o.kind === kind) as T[];

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'gateway.networking.k8s.io/v1/Gateway': Gateway,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'postgresql.cnpg.io/v1/Cluster': postgresqlCnpgIo.v1.Cluster,
  'postgresql.cnpg.io/v1/Pooler': postgresqlCnpgIo.v1.Pooler,
};

export function modelFor(obj: { apiVersion?: unknown; kind?: unknown }): ModelClass {
  const model = MODELS[`${String(obj.apiVersion)}/${String(obj.kind)}`];
  if (!model) throw new Error(`no kubernetes-models class for ${String(obj.apiVersion)} ${String(obj.kind)}`);
  return model;
}

/** Schema validation by the model (types, enums, required fields). Throws on the first invalid object. */
export function validateModel(obj: object): void {
  new (modelFor(obj))(structuredClone(obj) as never).validate();
}

/**
 * Fields the model's schema does not define, as JSON pointers ("/spec/replica").
 *
 * kubernetes-models ignores unknown fields, and its v5 packages ship no JSON schemas, only
 * precompiled Ajv validators (`_schemas/*.js`); the older gateway-api package compiles embedded
 * schemas with Ajv at run time. Both kinds of validator read every property their schema defines
 * (`data.replicas !== undefined`) and enumerate the keys only of maps (additionalProperties, such as
 * labels or ConfigMap data). So the model's own validator runs on a Proxy of the object, and each
 * nested object records which keys were read. An own key that was never read is unknown to the
 * schema. Objects whose keys were enumerated are maps, and objects nobody read a key of are
 * free-form (preserve-unknown-fields); neither is judged.
 */
export function unknownFields(obj: object): string[] {
  const Model = modelFor(obj);
  const seen = new Map<object, { path: string; read: Set<string>; enumerated: boolean }>();
  const proxies = new WeakMap<object, object>();

  const wrap = (value: unknown, at: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const cached = proxies.get(value);
    if (cached) return cached;
    const track = { path: at, read: new Set<string>(), enumerated: false };
    seen.set(value, track);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const result: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return result;
        track.read.add(key); // absent keys too: an empty object still shows its schema's properties
        return Object.hasOwn(target, key) ? wrap(result, `${at}/${key}`) : result;
      },
      has(target, key) {
        if (typeof key === 'string') track.read.add(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        if (typeof key === 'string') track.read.add(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        track.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  // The root must be a model instance: older models find their schema id on the prototype.
  const model = new Model(structuredClone(obj) as never);
  model.validate.call(wrap(model, '') as Validatable);

  const unknown: string[] = [];
  for (const [target, { path: at, read, enumerated }] of seen) {
    if (Array.isArray(target) || enumerated || read.size === 0) continue;
    for (const key of Object.keys(target)) if (!read.has(key)) unknown.push(`${at}/${key}`);
  }
  return unknown.sort();
}
