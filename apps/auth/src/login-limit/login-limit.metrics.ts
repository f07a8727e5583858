import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const LOGIN_REFUSALS_METRIC = 'auth_login_refusals_total';

/** `locked`: the account is over its failure limit (429); `limiter_unavailable`: Redis failed (503). */
export type LoginRefusal = 'locked' | 'limiter_unavailable';

export const loginLimitMetricProviders = [
  makeCounterProvider({
    name: LOGIN_REFUSALS_METRIC,
    help: 'Logins refused before the password was checked, by reason (locked or limiter_unavailable)',
    labelNames: ['reason'],
  }),
];
