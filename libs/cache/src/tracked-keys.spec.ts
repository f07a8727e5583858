import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrackedKeys, type InvalidatingClient } from './tracked-keys.js';

/** A client whose replies the test releases by hand, so pushes can be made to arrive mid-read. */
class ScriptedClient extends EventEmitter implements InvalidatingClient {
  isReady = true;
  readonly replies: { keys: string[]; resolve: (values: (string | null)[]) => void }[] = [];

  mGet(keys: string[]): Promise<(string | null)[]> {
    return new Promise((resolve) => this.replies.push({ keys, resolve }));
  }

  answer(values: (string | null)[]): void {
    this.replies.shift()!.resolve(values);
  }
}

const setUp = (ttlMs = 1000, maxKeys = 100) => {
  const client = new ScriptedClient();
  return { client, versions: new TrackedKeys(client, ttlMs, maxKeys) };
};

async function read(client: ScriptedClient, versions: TrackedKeys, keys: string[], values: (string | null)[]) {
  const reading = versions.mGet(keys);
  client.answer(values);
  return reading;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TrackedKeys', () => {
  it('answers from memory only when every key is known', async () => {
    const { client, versions } = setUp();
    expect(versions.cached(['a'])).toBeUndefined();
    expect(await read(client, versions, ['a', 'b'], ['1', null])).toEqual(['1', null]);
    expect(versions.cached(['b', 'a'])).toEqual([null, '1']);
    expect(versions.cached(['a', 'c'])).toBeUndefined();
  });

  it('drops a key on its invalidation push, and everything on a null push (flush)', async () => {
    const { client, versions } = setUp();
    await read(client, versions, ['a', 'b'], ['1', '2']);
    client.emit('invalidate', Buffer.from('a'));
    expect(versions.cached(['a'])).toBeUndefined();
    expect(versions.cached(['b'])).toEqual(['2']);
    client.emit('invalidate', null);
    expect(versions.cached(['b'])).toBeUndefined();
  });

  it('does not keep a reply that an invalidation overtook', async () => {
    const { client, versions } = setUp();
    const reading = versions.mGet(['a']);
    client.emit('invalidate', 'a');
    client.answer(['old']);
    expect(await reading).toEqual(['old']);
    expect(versions.cached(['a'])).toBeUndefined();
  });

  it('does not keep a reply that a local write overtook', async () => {
    const { client, versions } = setUp();
    const reading = versions.mGet(['a']);
    versions.forget(['a']);
    client.answer(['old']);
    await reading;
    expect(versions.cached(['a'])).toBeUndefined();
  });

  it.each(['error', 'end', 'connect'])(
    'forgets everything on %s: pushes may have been lost with the connection',
    async (event) => {
      const { client, versions } = setUp();
      await read(client, versions, ['a'], ['1']);
      client.emit(event, new Error('socket closed'));
      expect(versions.cached(['a'])).toBeUndefined();
    },
  );

  it('reads again after the safety bound even without a push', async () => {
    vi.useFakeTimers();
    const { client, versions } = setUp(1000);
    await read(client, versions, ['a'], ['1']);
    vi.advanceTimersByTime(999);
    expect(versions.cached(['a'])).toEqual(['1']);
    vi.advanceTimersByTime(1);
    expect(versions.cached(['a'])).toBeUndefined();
  });

  it('stays within its key budget', async () => {
    const { client, versions } = setUp(1000, 3);
    await read(client, versions, ['a', 'b'], ['1', '2']);
    await read(client, versions, ['c', 'd'], ['3', '4']);
    expect(versions.cached(['a'])).toBeUndefined();
    expect(versions.cached(['c', 'd'])).toEqual(['3', '4']);
  });
});
