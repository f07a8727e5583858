// The production render states the platform's deployment contract: namespace, autoscaling policy,
// hardened pods, and edge routes that match the route table the local gateway uses.
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLE, SERVICES } from '../../libs/routing/src/route-table.js';
import { byKind, render, type K8sObject, type Json } from './support.js';

const NAMESPACE = 'azora-production';
let objects: K8sObject[];
let deployments: Json[];
const named = (kind: string, name: string): Json | undefined => byKind<Json>(objects, kind).find((o) => o.metadata.name === name);

beforeAll(() => {
  objects = render('overlays/production');
  deployments = byKind<Json>(objects, 'Deployment');
});

describe('namespace', () => {
  it('creates azora-production and puts every namespaced object in it', () => {
    expect(named('Namespace', NAMESPACE)).toBeDefined();
    for (const obj of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(obj.metadata.namespace, `${obj.kind}/${obj.metadata.name}`).toBe(NAMESPACE);
    }
  });
});

describe.each(SERVICES)('service %s', (service) => {
  it('has a Deployment, ServiceAccount, Service, PodDisruptionBudget and HTTPRoute', () => {
    for (const kind of [
      'Deployment',
      'ServiceAccount',
      'Service',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'HTTPRoute',
    ]) {
      expect(named(kind, service), kind).toBeDefined();
    }
    expect(named('ServiceAccount', service)?.automountServiceAccountToken).toBe(false);
  });

  it('autoscales with the agreed HPA policy', () => {
    const hpa = named('HorizontalPodAutoscaler', service)!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(10);
    const targets = Object.fromEntries(
      hpa.spec.metrics.map((m: Json) => [
        m.resource.name,
        [m.type, m.resource.target.type, m.resource.target.averageUtilization],
      ]),
    );
    expect(targets).toEqual({ cpu: ['Resource', 'Utilization', 70], memory: ['Resource', 'Utilization', 80] });
    expect(hpa.spec.behavior.scaleUp).toEqual({
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Min',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 30 },
        { type: 'Pods', value: 2, periodSeconds: 30 },
      ],
    });
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
    });
  });

  it('runs the azora image with probes, secrets from Secrets and zone spreading', () => {
    const pod = named('Deployment', service)!.spec.template.spec;
    expect(pod.serviceAccountName).toBe(service);
    const [container] = pod.containers;
    expect(container.image).toBe(`azora-${service}:0.1.0`);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000 }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.startupProbe.httpGet.path).toBe('/health/live');

    const env = Object.fromEntries(container.env.map((e: Json) => [e.name, e]));
    expect(env.DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: `azora-${service}-db`, key: 'DATABASE_URL' });
    expect(env.JWT_SECRET.valueFrom.secretKeyRef).toEqual({ name: 'azora-jwt', key: 'JWT_SECRET' });
    const configName = container.envFrom[0].configMapRef.name;
    const config = named('ConfigMap', configName)!.data;
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['LOG_LEVEL', 'NATS_URL', 'REDIS_URL']));
    expect(config).toMatchObject({ NATS_URL: 'nats://nats:4222', REDIS_MEMORY_FALLBACK: 'false' });
    expect(Object.keys(config).filter((key) => /SECRET|PASSWORD|DATABASE_URL|TOKEN/.test(key))).toEqual([]);

    expect(pod.volumes).toContainEqual(expect.objectContaining({ name: 'tmp', emptyDir: expect.anything() }));
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.topologySpreadConstraints).toContainEqual(
      expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }),
    );
  });

  it('is scraped by a ServiceMonitor on /metrics', () => {
    const monitor = named('ServiceMonitor', service)!;
    expect(monitor.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(service);
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
  });

  it('has a NetworkPolicy that opens exactly the ports it needs', () => {
    const policy = named('NetworkPolicy', service)!;
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': service });
    const ingressPorts = policy.spec.ingress.flatMap((r: Json) => r.ports.map((p: Json) => p.port));
    const egressPorts = policy.spec.egress.flatMap((r: Json) => r.ports.map((p: Json) => p.port));
    expect([...new Set(ingressPorts)]).toEqual([3000]);
    expect([...new Set(egressPorts)].sort()).toEqual([4222, 53, 5432, 6379, 6432].sort());
  });
});

describe('every Deployment', () => {
  it('is hardened: non-root, read-only root, no privilege escalation, no capabilities', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...SERVICES, 'nats'].sort());
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, d.metadata.name).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(Number.isInteger(pod.securityContext.runAsUser)).toBe(true);
      expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('sets CPU and memory requests and limits, and probes', () => {
    for (const d of deployments) {
      for (const c of d.spec.template.spec.containers) {
        for (const bound of ['requests', 'limits']) {
          expect(Object.keys(c.resources[bound]).sort(), `${d.metadata.name} ${bound}`).toEqual(['cpu', 'memory']);
        }
        expect(c.livenessProbe && c.readinessProbe && c.startupProbe, d.metadata.name).toBeTruthy();
      }
    }
  });

  it('uses pinned image tags, never latest', () => {
    for (const d of deployments) {
      for (const c of d.spec.template.spec.containers) {
        expect(c.image, d.metadata.name).toMatch(/^[^:@]+(:[\w][\w.-]*)(@sha256:[a-f0-9]{64})?$/);
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
  });

  it('leaves the replica count to the HorizontalPodAutoscaler', () => {
    for (const service of SERVICES) expect(named('Deployment', service)!.spec.replicas).toBeUndefined();
  });
});

describe('Gateway API routes', () => {
  it('attach to the one Gateway with an HTTP listener on port 80', () => {
    const [gateway, ...others] = byKind<Json>(objects, 'Gateway');
    expect(others).toEqual([]);
    expect(gateway.spec.gatewayClassName).toEqual(expect.any(String));
    expect(gateway.spec.listeners).toContainEqual(expect.objectContaining({ name: 'http', protocol: 'HTTP', port: 80 }));
    for (const route of byKind<Json>(objects, 'HTTPRoute')) {
      expect(route.spec.parentRefs, route.metadata.name).toEqual([{ name: gateway.metadata.name, sectionName: 'http' }]);
    }
  });

  it('agree exactly with ROUTE_TABLE', () => {
    const routed = byKind<Json>(objects, 'HTTPRoute').flatMap((route) =>
      route.spec.rules.flatMap((rule: Json) => {
        expect(rule.backendRefs, route.metadata.name).toHaveLength(1);
        return rule.matches.map((match: Json) => {
          expect(Object.keys(match)).toEqual(['path']);
          expect(match.path.type).toBe('PathPrefix');
          return { pathPrefix: match.path.value, service: rule.backendRefs[0].name };
        });
      }),
    );
    const order = (a: { pathPrefix: string }, b: { pathPrefix: string }) => a.pathPrefix.localeCompare(b.pathPrefix);
    expect(routed.sort(order)).toEqual([...ROUTE_TABLE].sort(order));
  });

  it('send each route to the Service of that name on port 80, which targets the http port', () => {
    for (const route of byKind<Json>(objects, 'HTTPRoute')) {
      for (const ref of route.spec.rules.flatMap((r: Json) => r.backendRefs)) {
        expect(ref.port).toBe(80);
        const service = named('Service', ref.name);
        expect(service, ref.name).toBeDefined();
        expect(service!.spec.selector).toEqual({ 'app.kubernetes.io/name': ref.name });
        expect(service!.spec.ports).toContainEqual(expect.objectContaining({ port: 80, targetPort: 'http' }));
        expect(named('Deployment', ref.name)!.spec.template.metadata.labels['app.kubernetes.io/name']).toBe(ref.name);
      }
    }
  });
});
