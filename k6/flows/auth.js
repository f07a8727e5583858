// @ts-check
/**
 * Auth flow: a signed-in client opening the app. It keeps its tokens between iterations and logs in
 * again only every RELOGIN_EVERY iterations (login is argon2id-slow on purpose), then reads the profile.
 */
import { check } from 'k6';
import { config } from '../lib/config.js';
import { stringField } from '../lib/json.js';
import { think } from '../lib/random.js';
import { ensureSession, forgetOn401 } from '../lib/session.js';
import { userForVU } from '../lib/users.js';

/**
 * @param {import('../lib/http.js').ApiClient} api
 * @param {import('../lib/setup.js').SetupData} data
 */
export function authFlow(api, data) {
  const user = userForVU(data.users);
  const session = ensureSession(api, user, config.reloginEvery);
  if (session !== null) {
    const profile = api.get('/api/auth/profile', { token: session.accessToken });
    forgetOn401(profile);
    check(profile.body, { 'profile: is the signed-in user': (body) => stringField(body, 'email') === user.email });
  }
  think(1);
}
