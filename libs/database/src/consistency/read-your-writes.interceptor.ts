import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { mergeMap, Observable } from 'rxjs';
import { consistencyScope, type ConsistencyScope } from './consistency-scope.js';
import { ReadYourWrites } from './read-your-writes.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs each HTTP handler in its user's consistency scope, and after a user's successful write
 * records the primary's WAL position before the response leaves, so the very next read sees it.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(private readonly readYourWrites: ReadYourWrites) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    const userId = request.user?.id;
    const scope: ConsistencyScope = { userId };
    const handled = (): Observable<unknown> =>
      READ_METHODS.has(request.method) || !userId
        ? next.handle()
        : next.handle().pipe(mergeMap(async (value: unknown) => (await this.recordUnlessUnchanged(scope, userId), value)));
    return new Observable((subscriber) => consistencyScope.run(scope, () => handled().subscribe(subscriber)));
  }

  private async recordUnlessUnchanged(scope: ConsistencyScope, userId: string): Promise<void> {
    if (!scope.unchanged) await this.readYourWrites.recordWrite(userId);
  }
}
