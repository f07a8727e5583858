// The checks themselves must bite: a typo'd field and a missing required field are caught, for
// both generations of validators (kubernetes-models v5 precompiled, gateway-api runtime Ajv).
import { beforeAll, describe, expect, it } from 'vitest';
import { byKind, render, unknownFields, validateModel, type K8sObject, type Json } from './support.js';

let objects: K8sObject[];
const pick = (kind: string, name: string): Json => {
  const found = byKind(objects, kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return structuredClone(found) as Json;
};

beforeAll(() => {
  objects = render('overlays/production');
});

describe('strict unknown-field check', () => {
  it('accepts the rendered objects as they are', () => {
    expect(unknownFields(pick('Deployment', 'auth'))).toEqual([]);
  });

  it('catches a typo that kubernetes-models itself lets through (spec.replica)', () => {
    const deployment = pick('Deployment', 'auth');
    deployment.spec.replica = 3;
    expect(() => validateModel(deployment)).not.toThrow();
    expect(unknownFields(deployment)).toEqual(['/spec/replica']);
  });

  it('catches typos deep inside arrays', () => {
    const deployment = pick('Deployment', 'course');
    deployment.spec.template.spec.containers[0].readinessProbe.httpGet.pth = '/health/ready';
    deployment.spec.template.spec.securityContext.runAsNonroot = true;
    expect(unknownFields(deployment)).toEqual([
      '/spec/template/spec/containers/0/readinessProbe/httpGet/pth',
      '/spec/template/spec/securityContext/runAsNonroot',
    ]);
  });

  it('catches typos in gateway-api and prometheus-operator objects', () => {
    const route = pick('HTTPRoute', 'payment');
    route.spec.rules[0].matchs = route.spec.rules[0].matches;
    expect(unknownFields(route)).toEqual(['/spec/rules/0/matchs']);

    const monitor = pick('ServiceMonitor', 'auth');
    monitor.spec.endpoints[0].scrapeInterval = '30s';
    expect(unknownFields(monitor)).toEqual(['/spec/endpoints/0/scrapeInterval']);
  });

  it('judges every nested object of the production render except maps', () => {
    // Mutation test: a bogus key in every object must be reported, unless that object is a map.
    const isMap = /\/(labels|annotations|matchLabels|data|limits|requests)$|^Service\/spec\/selector$/;
    for (const obj of objects) {
      const copy = structuredClone(obj) as Json;
      const expected: string[] = [];
      const inject = (value: unknown, at: string): void => {
        if (Array.isArray(value)) value.forEach((item, i) => inject(item, `${at}/${i}`));
        else if (value && typeof value === 'object') {
          const record = value as Json;
          for (const key of Object.keys(record)) inject(record[key], `${at}/${key}`);
          record.zzBogus = '1'; // a string that is also a valid quantity, so maps stay valid
          if (!isMap.test(`${obj.kind}${at}`) && !isMap.test(at)) expected.push(`${at}/zzBogus`);
        }
      };
      inject(copy, '');
      expect(unknownFields(copy), `${obj.kind}/${obj.metadata.name}`).toEqual(expected.sort());
    }
  });

  it('does not flag keys of maps (labels, ConfigMap data, resource quantities)', () => {
    const deployment = pick('Deployment', 'payment');
    deployment.metadata.labels['example.com/anything'] = 'x';
    deployment.spec.template.spec.containers[0].resources.limits['ephemeral-storage'] = '1Gi';
    const config = byKind(objects, 'ConfigMap')[0] as Json;
    expect(unknownFields(deployment)).toEqual([]);
    expect(unknownFields({ ...config, data: { ...config.data, NEW_KEY: 'v' } })).toEqual([]);
  });
});

describe('model validation', () => {
  it('rejects a Deployment without its required selector', () => {
    const deployment = pick('Deployment', 'auth');
    delete deployment.spec.selector;
    expect(() => validateModel(deployment)).toThrow(/selector/);
  });

  it('rejects a container without a name and an HTTPRoute backend without a name', () => {
    const deployment = pick('Deployment', 'auth');
    delete deployment.spec.template.spec.containers[0].name;
    expect(() => validateModel(deployment)).toThrow(/name/);

    const route = pick('HTTPRoute', 'auth');
    delete route.spec.rules[0].backendRefs[0].name;
    expect(() => validateModel(route)).toThrow(/name/);
  });

  it('rejects wrong types and kinds it has no model for', () => {
    const hpa = pick('HorizontalPodAutoscaler', 'auth');
    hpa.spec.minReplicas = 'three';
    expect(() => validateModel(hpa)).toThrow();
    expect(() => validateModel({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toThrow(
      /no kubernetes-models class/,
    );
  });
});
