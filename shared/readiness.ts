/**
 * A readiness check as orchestrators call it: often, from many probes at once. The answer is kept
 * for `ttlMs` after it comes, and callers that arrive while a check runs wait for that one, so a
 * flood of probes costs one check per second (one `SELECT 1`, one round of subgraph probes).
 */
export function cachedCheck<T>(check: () => Promise<T>, ttlMs = 1000, now: () => number = () => performance.now()): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  let kept: { value: T; at: number } | undefined;
  return () => {
    if (kept && now() - kept.at < ttlMs) return Promise.resolve(kept.value);
    if (!inFlight) {
      inFlight = check().then(
        (value) => {
          kept = { value, at: now() };
          inFlight = undefined;
          return value;
        },
        (err: unknown) => {
          // A check that throws is not kept: the next probe asks again.
          inFlight = undefined;
          throw err;
        },
      );
    }
    return inFlight;
  };
}
