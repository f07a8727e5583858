import { numberField, stringField } from './json.js';
import type { VuClient } from './vu-client.js';

export interface Credentials {
  email: string;
  password: string;
}

interface Session {
  accessToken: string;
  expiresAt: number;
}

/** Log in again when the token has less than this left. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Access tokens per user, shared by the VUs that share a user (as the tabs of one browser share a
 * sign-in): login is argon2id-slow on purpose, so a user logs in once, again when the auth flow asks
 * (every N of its iterations), after a 401, or when the token nears expiry; never per request.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, Promise<Session | null>>();

  async token(api: VuClient, user: Credentials, fresh = false): Promise<string | null> {
    const current = this.sessions.get(user.email);
    if (!fresh && current !== undefined && Date.now() < current.expiresAt - EXPIRY_MARGIN_MS) return current.accessToken;
    let login = this.pending.get(user.email);
    if (login === undefined) {
      login = this.login(api, user).finally(() => this.pending.delete(user.email));
      this.pending.set(user.email, login);
    }
    return (await login)?.accessToken ?? null;
  }

  forget(email: string): void {
    this.sessions.delete(email);
  }

  private async login(api: VuClient, user: Credentials): Promise<Session | null> {
    const res = await api.post('/api/auth/login', user, { name: 'login', expect: [200] });
    const accessToken = stringField(res.body, 'accessToken');
    const valid = accessToken !== undefined && stringField(res.body, 'tokenType') === 'Bearer';
    api.check('login: bearer access token', valid);
    if (!res.ok || !valid) {
      this.sessions.delete(user.email);
      return null;
    }
    const session = { accessToken, expiresAt: Date.now() + (numberField(res.body, 'expiresIn') ?? 300) * 1000 };
    this.sessions.set(user.email, session);
    return session;
  }
}
