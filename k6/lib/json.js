// @ts-check
/** Narrowing helpers for parsed JSON bodies, so the flows never trust a response's shape blindly. */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @param {string} key
 * @returns {string | undefined}
 */
export function stringField(value, key) {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/**
 * @param {unknown} value
 * @param {string} key
 * @returns {number | undefined}
 */
export function numberField(value, key) {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
}

/**
 * @param {unknown} value
 * @param {string} key
 * @returns {boolean | undefined}
 */
export function booleanField(value, key) {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'boolean' ? field : undefined;
}

/**
 * @param {unknown} value
 * @param {string} key
 * @returns {unknown[]}
 */
export function arrayField(value, key) {
  const field = isRecord(value) ? value[key] : undefined;
  return Array.isArray(field) ? field : [];
}

/**
 * @param {unknown} value
 * @param {string} key
 * @returns {unknown}
 */
export function objectField(value, key) {
  return isRecord(value) ? value[key] : undefined;
}
