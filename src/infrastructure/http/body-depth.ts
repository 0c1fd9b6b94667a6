/** Deepest nesting a JSON body may have: more than any document needs, far less than the stack allows. */
export const MAX_BODY_DEPTH = 100;

/**
 * Validation and serialization walk a body recursively, and a few hundred thousand nested brackets
 * (well within the size limit) would overflow the stack: a 500 for what a caller sent. So a 400 first.
 * Recursion bounded by `levels`, so the check itself cannot overflow.
 */
export function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) => nestedDeeperThan(child, levels - 1));
}
