import { formatPath } from '@/machines/json-path';

/** The segments of a path as the checker prints it: `states.opening.on["odd key"][0].target`. */
export function parsePath(path: string): (string | number)[] {
  if (path === '(root)' || path === '') return [];
  const out: (string | number)[] = [];
  const pattern = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path))) {
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[3] !== undefined) out.push(JSON.parse(match[3]) as string);
  }
  return out;
}

/** The state a path is about, if any. */
export function stateOfPath(path: string): string | null {
  const segments = parsePath(path);
  return segments[0] === 'states' && typeof segments[1] === 'string' ? segments[1] : null;
}

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  summary: 'summary',
  channel: 'channel',
  difficulty: 'difficulty',
  minutes: 'minutes',
  passPercent: 'pass mark',
  feedback: 'feedback',
  persona: 'customer',
  name: 'name',
  role: 'role',
  principles: 'principles',
  tags: 'tags',
  format: 'format',
  say: 'customer line',
  narration: 'narration',
  timeLimitSeconds: 'time limit',
  outcome: 'outcome',
  target: 'next step',
  guard: 'condition',
  actions: 'points, mood or what to remember',
  choice: 'words',
  initial: 'first step',
  context: 'starting mood',
  mood: 'starting mood',
  id: 'scenario id',
  critical: 'critical error',
  intent: 'what this reply does',
  examples: 'other ways to say it',
  fixedOrder: 'order of the replies',
};

/** A checker path in words, e.g. `Step “opening” › reply “greet” › next step`. */
export function describePath(path: string): string {
  const segments = parsePath(path);
  if (segments.length === 0) return 'The whole scenario';
  const words: string[] = [];
  let i = 0;
  if (segments[0] === 'meta') {
    words.push('Settings');
    i = 1;
  } else if (segments[0] === 'states') {
    if (typeof segments[1] !== 'string') return 'Steps';
    words.push(`Step “${segments[1]}”`);
    i = 2;
  }
  for (; i < segments.length; i++) {
    const segment = segments[i]!;
    const previous = segments[i - 1];
    if (segment === 'meta' || segment === 'params') continue;
    if (segment === 'on') {
      const key = segments[i + 1];
      if (typeof key === 'string') {
        words.push(key === 'TIMEOUT' ? 'no reply in time' : `reply “${key}”`);
        i++;
      } else words.push('replies');
      continue;
    }
    if (segment === 'always') {
      const index = segments[i + 1];
      if (typeof index === 'number') {
        words.push(`branch ${index + 1}`);
        i++;
      } else words.push('branches');
      continue;
    }
    if (typeof segment === 'number') {
      words.push(
        previous === 'say'
          ? `line ${segment + 1}`
          : previous === 'actions'
            ? `change ${segment + 1}`
            : previous === 'examples'
              ? `example ${segment + 1}`
              : `outcome ${segment + 1}`,
      );
      continue;
    }
    words.push(FIELD_WORDS[segment] ?? segment);
  }
  return words.join(' › ');
}

/**
 * The field to focus for a problem: the one whose path is the problem's, or else the deepest one
 * above it (a problem in a choice's points lands on the choice's first points field).
 */
export function fieldForPath(root: ParentNode, path: string): HTMLElement | null {
  const segments = parsePath(path);
  for (let length = segments.length; length > 0; length--) {
    const candidate = formatPath(segments.slice(0, length));
    const found = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(candidate)}"]`);
    if (found) return found.matches('input, select, textarea, button') ? found : (found.querySelector<HTMLElement>('input, select, textarea, button') ?? found);
  }
  return null;
}

/**
 * The path of the field that edits what a problem is about, as the editor's fields carry it in
 * `data-path`. Points, mood and what to remember share one path (`…actions`); a guard's kind is
 * chosen at `…guard`; a reply's own fields (its words, critical error, intent, examples) are
 * edited once, at its first outcome, and written to each.
 */
export function fieldPathOf(path: string): string {
  const segments = parsePath(path);
  const actions = segments.indexOf('actions');
  if (actions >= 0) return formatPath(segments.slice(0, actions + 1));
  const guard = segments.indexOf('guard');
  if (guard >= 0 && !(segments[guard + 1] === 'params' && typeof segments[guard + 2] === 'string')) return formatPath(segments.slice(0, guard + 1));
  // states.<name>.on.<key>.<i>.meta.(choice|critical|intent|examples): the reply's first outcome.
  if (segments[0] === 'states' && segments[2] === 'on' && typeof segments[4] === 'number' && segments[5] === 'meta' && REPLY_FIELDS.has(String(segments[6]))) {
    return formatPath([...segments.slice(0, 4), 0, ...segments.slice(5)]);
  }
  return path;
}

const REPLY_FIELDS = new Set(['choice', 'critical', 'intent', 'examples']);

interface PathProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * One entry per fault: where the checker reports the same message for what one field edits (the
 * words of every outcome of a reply, two changes in one list), it is kept once, at the first.
 * Errors and warnings are given apart.
 */
export function oneProblemPerFault<P extends { path: string; message: string }>(problems: readonly P[]): P[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${fieldPathOf(p.path)}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The errors to show beside each field, by the field's path, each message once. Warnings are not
 * shown beside fields: the value is allowed, and the problems panel says why it is worth a look.
 */
export function errorsByField(problems: readonly PathProblem[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of oneProblemPerFault(problems.filter((p) => p.severity === 'error'))) {
    const field = fieldPathOf(p.path);
    const list = out.get(field) ?? [];
    if (!list.includes(p.message)) list.push(p.message);
    out.set(field, list);
  }
  return out;
}
