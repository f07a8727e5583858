// Globals the k6 runtime provides that @types/k6 does not declare (and lib "es2022" has no DOM/Node console).
// https://grafana.com/docs/k6/latest/javascript-api/#console
export {};

declare global {
  const console: {
    log(...data: unknown[]): void;
    info(...data: unknown[]): void;
    warn(...data: unknown[]): void;
    error(...data: unknown[]): void;
    debug(...data: unknown[]): void;
  };
}
