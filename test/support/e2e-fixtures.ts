import { seedDemoData, DEMO_ACCOUNTS } from '../../tools/local-stack/seed.js';
import type { E2EStack } from './e2e-stack.js';
import { ApiClient } from './http-client.js';

export interface CourseFixture {
  id: string;
  priceCents: number;
}

/** Demo accounts seeded as `npm start` does; the instructor then publishes courses through the API. */
export async function instructorClient(env: E2EStack): Promise<{ api: ApiClient; token: string }> {
  await seedDemoData(env.databaseAdminUrl, () => undefined);
  const api = new ApiClient(env.gateway);
  const instructor = DEMO_ACCOUNTS.find((account) => account.role === 'instructor')!;
  const { token } = await api.signIn(instructor.email, instructor.password);
  return { api, token };
}

export async function publishCourse(
  api: ApiClient,
  token: string,
  priceCents: number,
  title = `E2E course ${Date.now()}`,
): Promise<CourseFixture> {
  const created = await api.post(
    '/api/courses',
    {
      title,
      description: 'A course created by the end-to-end suite',
      category: 'testing',
      priceCents,
      currency: 'USD',
      published: true,
      lessons: [
        { title: 'Lesson one', body: 'First lesson body' },
        { title: 'Lesson two', body: 'Second lesson body' },
      ],
    },
    { token },
  );
  if (created.status !== 201) throw new Error(`course creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, priceCents };
}

/** Adds one course to the caller's cart, checks out, and returns the pending order id. */
export async function orderFor(api: ApiClient, token: string, courseId: string): Promise<string> {
  const added = await api.post('/api/cart/items', { courseId }, { token });
  if (added.status !== 201) throw new Error(`add to cart failed: ${added.status} ${JSON.stringify(added.body)}`);
  const checkout = await api.post('/api/checkout', {}, { token });
  if (checkout.status !== 201) throw new Error(`checkout failed: ${checkout.status} ${JSON.stringify(checkout.body)}`);
  return checkout.body.orderId as string;
}
