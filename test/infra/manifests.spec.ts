// Every overlay and tests/ combination renders, and every object in it is a known kind that
// validates against its kubernetes-models schema with no field the schema does not define.
import { beforeAll, describe, expect, it } from 'vitest';
import { KUSTOMIZATIONS, render, unknownFields, validateModel, type K8sObject } from './support.js';

describe.each(KUSTOMIZATIONS)('kustomization %s', (kustomization) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(kustomization);
  });

  it('renders with kubectl kustomize', () => {
    expect(objects.length).toBeGreaterThan(0);
  });

  it('has only known kinds, each valid for its kubernetes-models class', () => {
    for (const obj of objects) {
      expect(() => validateModel(obj), `${obj.kind}/${obj.metadata?.name}`).not.toThrow();
    }
  });

  it('has no field that the schema does not define', () => {
    const unknown = objects.flatMap((obj) => unknownFields(obj).map((f) => `${obj.kind}/${obj.metadata.name}${f}`));
    expect(unknown).toEqual([]);
  });

  it('has unique kind/name pairs', () => {
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

it('covers every overlay and at least one tests/ combination', () => {
  expect(KUSTOMIZATIONS).toEqual(expect.arrayContaining(['overlays/production', 'overlays/dev']));
  expect(KUSTOMIZATIONS.some((k) => k.startsWith('tests/'))).toBe(true);
});
