import { stringField } from '../json.js';
import { forgetOn401, sharedUser, type FlowContext, type Iteration } from './context.js';

/**
 * k6/flows/auth.js: a signed-in client opening the app. It keeps its token and logs in again only
 * every `reloginEvery` iterations (argon2id makes login slow on purpose), then reads the profile.
 */
export function authFlow(ctx: FlowContext): Iteration {
  let iterations = 0;
  return async () => {
    const user = sharedUser(ctx);
    const relogin = iterations > 0 && iterations % ctx.reloginEvery === 0;
    iterations += 1;
    const token = await ctx.sessions.token(ctx.api, user, relogin);
    if (token !== null) {
      const profile = await ctx.api.get('/api/auth/profile', { token });
      forgetOn401(ctx, user, profile.status);
      ctx.api.check('profile: is the signed-in user', stringField(profile.body, 'email') === user.email);
    }
    await ctx.think(1);
  };
}
