// The dev overlay (skaffold dev -p dev) is production scaled down, without cluster add-ons.
import { beforeAll, expect, it } from 'vitest';
import { SERVICES } from '../../libs/routing/src/route-table.js';
import { byKind, render, type K8sObject, type Json } from './support.js';

let objects: K8sObject[];
beforeAll(() => {
  objects = render('overlays/dev');
});

it('lives in azora-dev', () => {
  expect(byKind(objects, 'Namespace').map((n) => n.metadata.name)).toEqual(['azora-dev']);
  for (const obj of objects.filter((o) => o.kind !== 'Namespace')) expect(obj.metadata.namespace).toBe('azora-dev');
});

it('starts at one replica but keeps the production scaling policy', () => {
  const hpas = byKind<Json>(objects, 'HorizontalPodAutoscaler');
  expect(hpas.map((h) => h.metadata.name).sort()).toEqual([...SERVICES].sort());
  for (const hpa of hpas) {
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.maxReplicas).toBe(10);
    expect(hpa.spec.behavior.scaleUp.selectPolicy).toBe('Min');
  }
});

it('requests less than production and logs at debug', () => {
  for (const service of SERVICES) {
    const deployment = byKind<Json>(objects, 'Deployment').find((d) => d.metadata.name === service)!;
    const { resources } = deployment.spec.template.spec.containers[0];
    expect(resources.requests).toEqual({ cpu: '50m', memory: '128Mi' });
    expect(resources.limits).toEqual({ cpu: '500m', memory: '384Mi' });
  }
  expect(byKind<Json>(objects, 'ConfigMap')[0].data.LOG_LEVEL).toBe('debug');
});

it('has no NetworkPolicies or ServiceMonitors', () => {
  expect(byKind(objects, 'NetworkPolicy')).toEqual([]);
  expect(byKind(objects, 'ServiceMonitor')).toEqual([]);
});
