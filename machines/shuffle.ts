/**
 * The order replies are shown in. Unless a decision keeps the written order (`meta.fixedOrder`),
 * each attempt sees its own order, derived from the attempt's id and the state's name: the same
 * after a reload and on the server, different from one attempt to the next, so a retaker cannot
 * pass by remembering positions and "the first reply" is not a strategy.
 */

/** FNV-1a over the text, then murmur3's finaliser so that texts differing only at the end spread apart. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The options in the order shown to this attempt at this state. Each option's place comes from its
 * own key, so the order of the replies open under one mood and flags is the same relative order
 * under another.
 */
export function shownOrder<T extends { event: string }>(options: readonly T[], attemptId: string, state: string, fixedOrder: boolean): T[] {
  if (fixedOrder) return [...options];
  const keyed = options.map((option, index) => ({ option, index, key: hash32(`${attemptId}\u0000${state}\u0000${option.event}`) }));
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  return keyed.map((k) => k.option);
}
