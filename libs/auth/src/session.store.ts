import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RedisConnection } from '@azora/cache';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { serviceUnavailable } from '@azora/errors';
import type { Role } from './roles.js';

export interface Session {
  userId: string;
  role: Role;
  refreshHash: string;
}

export interface IssuedSession {
  sessionId: string;
  refreshSecret: string;
}

export type RotateOutcome = 'rotated' | 'unknown' | 'reused';

const sessionKey = (sessionId: string): string => `azora:session:${sessionId}`;
const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(32).toString('base64url');

/** Without the session layer no one can be authenticated: answer 503 (retry), never 500 or 401. */
async function redisCall<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch {
    throw serviceUnavailable('AUTH.SESSION_STORE_UNAVAILABLE', 'Sessions are temporarily unavailable; try again shortly');
  }
}

// Compare-and-rotate in one step, so two refreshes racing with one token cannot both win;
// a token that no longer matches is a reuse, and the whole session dies with it.
const ROTATE_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 'unknown' end
local session = cjson.decode(raw)
if session.refreshHash ~= ARGV[1] then redis.call('DEL', KEYS[1]) return 'reused' end
session.refreshHash = ARGV[2]
redis.call('SET', KEYS[1], cjson.encode(session), 'PX', ARGV[3])
return 'rotated'`;

/**
 * The session layer: one Redis key per sign-in, with the guide's 1 hour TTL. Every service checks
 * it on each authenticated request, so logout and refresh-token reuse take effect everywhere (held
 * copies: when Redis's invalidation arrives, within 1 s at worst).
 * In the local-only memory fallback, sessions live in this process.
 */
@Injectable()
export class SessionStore {
  private readonly memory = new Map<string, { value: string; expiresAt: number }>();
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) config: BaseEnv,
  ) {
    this.ttlMs = config.SESSION_TTL_SECONDS * 1000;
  }

  async create(userId: string, role: Role): Promise<IssuedSession> {
    const sessionId = randomUUID();
    const refreshSecret = newSecret();
    await this.write(sessionId, { userId, role, refreshHash: hashSecret(refreshSecret) });
    return { sessionId, refreshSecret };
  }

  async find(sessionId: string): Promise<Session | undefined> {
    const raw = this.redis.client ? await this.read(sessionKey(sessionId)) : this.readMemory(sessionId);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  }

  /**
   * Held in memory while Redis tracks it, else one GET. A logout anywhere drops held copies when
   * Redis's push arrives, which it sends before answering the logout: in practice before the client
   * can send its next request, and within the 1 s bound on held keys whatever happens to the push.
   */
  private async read(key: string): Promise<string | null> {
    const held = this.redis.tracked?.cached([key]);
    if (held) return held[0] ?? null;
    const [value] = await redisCall(this.redis.readTracked([key]));
    return value ?? null;
  }

  private change<T>(sessionId: string, command: (client: NonNullable<RedisConnection['client']>) => Promise<T>): Promise<T> {
    return this.redis.writingTracked([sessionKey(sessionId)], () => redisCall(command(this.redis.client!)));
  }

  async rotate(sessionId: string, presentedSecret: string): Promise<{ outcome: RotateOutcome; refreshSecret: string }> {
    const refreshSecret = newSecret();
    const args = [hashSecret(presentedSecret), hashSecret(refreshSecret), String(this.ttlMs)];
    const outcome = this.redis.client
      ? ((await this.change(sessionId, (client) =>
          client.eval(ROTATE_SCRIPT, { keys: [sessionKey(sessionId)], arguments: args }),
        )) as RotateOutcome)
      : this.rotateInMemory(sessionId, args);
    return { outcome, refreshSecret };
  }

  async revoke(sessionId: string): Promise<void> {
    if (this.redis.client) await this.change(sessionId, (client) => client.del(sessionKey(sessionId)));
    else this.memory.delete(sessionId);
  }

  private async write(sessionId: string, session: Session): Promise<void> {
    const value = JSON.stringify(session);
    if (this.redis.client) await this.change(sessionId, (client) => client.set(sessionKey(sessionId), value, { PX: this.ttlMs }));
    else this.memory.set(sessionId, { value, expiresAt: Date.now() + this.ttlMs });
  }

  private readMemory(sessionId: string): string | undefined {
    const entry = this.memory.get(sessionId);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    this.memory.delete(sessionId);
    return undefined;
  }

  private rotateInMemory(sessionId: string, [presentedHash, nextHash]: string[]): RotateOutcome {
    const raw = this.readMemory(sessionId);
    if (!raw) return 'unknown';
    const session = JSON.parse(raw) as Session;
    if (session.refreshHash !== presentedHash) {
      this.memory.delete(sessionId);
      return 'reused';
    }
    this.memory.set(sessionId, {
      value: JSON.stringify({ ...session, refreshHash: nextHash! }),
      expiresAt: Date.now() + this.ttlMs,
    });
    return 'rotated';
  }
}
