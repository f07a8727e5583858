import { SERVICES, type ServiceName } from '@azora/routing';
import { bucketDelta, buckets, histogramQuantile, total, type MetricSample } from './prometheus.js';

const CACHE_REQUESTS = 'cache_requests_total';
const DB_QUERY = 'db_query_duration_seconds';
const HTTP_DURATION = 'http_request_duration_seconds';

export type Scrape = Record<ServiceName, MetricSample[]>;

export interface CacheFigures {
  hits: number;
  misses: number;
  errors: number;
  /** hits / (hits + misses + errors); null without lookups (a cache switched off). */
  hitRate: number | null;
}

export interface ServiceFigures {
  scraped: boolean;
  cache: Record<'response' | 'data', CacheFigures>;
  dbQueries: number;
  dbQueriesByTarget: Record<string, number>;
  /** ms, from the histogram's buckets (interpolated, so as coarse as they are). */
  dbQueryP95Ms: number | null;
  httpRequests: number;
  httpP95Ms: number | null;
}

function cacheFigures(before: MetricSample[], after: MetricSample[], layer: string): CacheFigures {
  const count = (result: string): number => {
    const filter = (labels: Record<string, string>): boolean => labels.layer === layer && labels.result === result;
    return total(after, CACHE_REQUESTS, filter) - total(before, CACHE_REQUESTS, filter);
  };
  const [hits, misses, errors] = [count('hit'), count('miss'), count('error')];
  const lookups = hits + misses + errors;
  return { hits, misses, errors, hitRate: lookups > 0 ? hits / lookups : null };
}

function p95Ms(before: MetricSample[], after: MetricSample[], name: string): number | null {
  const quantile = histogramQuantile(0.95, bucketDelta(buckets(before, name), buckets(after, name)));
  return Number.isNaN(quantile) ? null : quantile * 1000;
}

function queriesByTarget(before: MetricSample[], after: MetricSample[]): Record<string, number> {
  const targets = new Set(after.filter((s) => s.name === `${DB_QUERY}_count`).map((s) => s.labels.target ?? 'unknown'));
  const byTarget: Record<string, number> = {};
  for (const target of targets) {
    const filter = (labels: Record<string, string>): boolean => (labels.target ?? 'unknown') === target;
    byTarget[target] = total(after, `${DB_QUERY}_count`, filter) - total(before, `${DB_QUERY}_count`, filter);
  }
  return byTarget;
}

/** What each service did between the two scrapes (the steady window). */
export function serviceFigures(before: Scrape, after: Scrape): Record<ServiceName, ServiceFigures> {
  const figures = {} as Record<ServiceName, ServiceFigures>;
  for (const service of SERVICES) {
    const [b, a] = [before[service], after[service]];
    figures[service] = {
      scraped: b.length > 0 && a.length > 0,
      cache: { response: cacheFigures(b, a, 'response'), data: cacheFigures(b, a, 'data') },
      dbQueries: total(a, `${DB_QUERY}_count`) - total(b, `${DB_QUERY}_count`),
      dbQueriesByTarget: queriesByTarget(b, a),
      dbQueryP95Ms: p95Ms(b, a, DB_QUERY),
      httpRequests: total(a, `${HTTP_DURATION}_count`) - total(b, `${HTTP_DURATION}_count`),
      httpP95Ms: p95Ms(b, a, HTTP_DURATION),
    };
  }
  return figures;
}

/** Cache figures of all services together, per layer. */
export function overallCache(figures: Record<ServiceName, ServiceFigures>, layer: 'response' | 'data'): CacheFigures {
  const sum = (key: 'hits' | 'misses' | 'errors'): number =>
    SERVICES.reduce((s, service) => s + figures[service].cache[layer][key], 0);
  const [hits, misses, errors] = [sum('hits'), sum('misses'), sum('errors')];
  const lookups = hits + misses + errors;
  return { hits, misses, errors, hitRate: lookups > 0 ? hits / lookups : null };
}

export async function scrapeAll(
  urls: Record<ServiceName, string>,
  scrapeOne: (url: string) => Promise<MetricSample[]>,
): Promise<Scrape> {
  const results = await Promise.all(SERVICES.map((service) => scrapeOne(urls[service])));
  return Object.fromEntries(SERVICES.map((service, i) => [service, results[i]!])) as Scrape;
}
