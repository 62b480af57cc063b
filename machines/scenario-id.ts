import { KEBAB_PATTERN } from './format';

/**
 * Ids of new scenarios: made from a title, made unique, checked when typed. Shared by the studio's
 * form (which shows the id before it is created) and the server (which gives it).
 */
export const SCENARIO_ID_MIN = 3;
export const SCENARIO_ID_MAX = 64;
const ID_MIN = SCENARIO_ID_MIN;
const ID_MAX = SCENARIO_ID_MAX;

/** A scenario id from a title: lower-case words joined by "-", within the format's limits. */
export function idFromTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ID_MAX - 3)
    .replace(/-+$/, '');
  return words.length >= ID_MIN ? words : `scenario${words ? `-${words}` : ''}`;
}

/** The title a copy is offered (and given, when a request names none); its id is made from it like any title. */
export const copyTitle = (title: string): string => `Copy of ${title}`;

/** The wanted id if no scenario has it, else the first free one of wanted-2, wanted-3… */
export function freeId(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${wanted.slice(0, ID_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Why an id typed by hand would be refused, or null when it is well formed. */
export function idProblem(id: string): string | null {
  if (id.length < ID_MIN || id.length > ID_MAX) return `An id is ${ID_MIN}–${ID_MAX} characters long.`;
  if (!new RegExp(KEBAB_PATTERN).test(id)) return 'Use lower-case letters and digits, in words joined by "-" (for example refund-at-the-counter).';
  return null;
}
