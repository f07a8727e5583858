/** A 2 KB catalog-like object: the reference work is what the services mostly do, JSON in and out. */
const SAMPLE = {
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `c${i}`,
    title: `Course number ${i}`,
    price: 1999 + i,
    tags: ['a', 'b'],
    published: true,
  })),
};

function roundTrips(count: number): number {
  let items = 0;
  for (let i = 0; i < count; i++) items += (JSON.parse(JSON.stringify(SAMPLE)) as typeof SAMPLE).items.length;
  return items;
}

/**
 * A fixed single-core workload (5,000 JSON round trips of 2 KB), median of five, timed before the stack
 * starts. Machines of one kind differ from session to session (a 2× spread in CPU per request was seen),
 * so the same figure from two reports says how fast each machine was.
 */
export function cpuReferenceMs(): number {
  const times = Array.from({ length: 5 }, () => {
    const start = performance.now();
    roundTrips(5_000);
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return Math.round(times[2]!);
}
