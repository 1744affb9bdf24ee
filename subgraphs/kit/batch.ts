/**
 * DataLoader batch helpers: results in key order and at key length, built with a Map (never a
 * find in a loop), null for a missing key.
 */

/** One value per key: the row whose key matches, or null. */
export function oneByKey<K, R, V = R>(
  keys: readonly K[],
  rows: readonly R[],
  keyOf: (row: R) => K,
  map: (row: R) => V = (r) => r as unknown as V,
): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) {
    const k = keyOf(row);
    if (!byKey.has(k)) byKey.set(k, map(row));
  }
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Every row per key, in the rows' order; an empty list for a key without rows. */
export function manyByKey<K, R, V = R>(
  keys: readonly K[],
  rows: readonly R[],
  keyOf: (row: R) => K,
  map: (row: R) => V = (r) => r as unknown as V,
): V[][] {
  const byKey = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(map(row));
  }
  return keys.map((k) => byKey.get(k) ?? []);
}
