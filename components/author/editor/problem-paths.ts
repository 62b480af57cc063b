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
  target: 'leads to',
  guard: 'condition',
  actions: 'points, mood or flags',
  choice: 'words',
  initial: 'first state',
  context: 'starting mood',
  mood: 'starting mood',
  id: 'scenario id',
  critical: 'critical error',
  intent: 'what this reply does',
  examples: 'other ways to say it',
  fixedOrder: 'order of the replies',
};

/** A checker path in words, e.g. `State "opening" › choice "greet" › leads to`. */
export function describePath(path: string): string {
  const segments = parsePath(path);
  if (segments.length === 0) return 'The whole scenario';
  const words: string[] = [];
  let i = 0;
  if (segments[0] === 'meta') {
    words.push('Settings');
    i = 1;
  } else if (segments[0] === 'states') {
    if (typeof segments[1] !== 'string') return 'States';
    words.push(`State “${segments[1]}”`);
    i = 2;
  }
  for (; i < segments.length; i++) {
    const segment = segments[i]!;
    const previous = segments[i - 1];
    if (segment === 'meta' || segment === 'params') continue;
    if (segment === 'on') {
      const key = segments[i + 1];
      if (typeof key === 'string') {
        words.push(key === 'TIMEOUT' ? 'when time runs out' : `choice “${key}”`);
        i++;
      } else words.push('choices');
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
            ? `effect ${segment + 1}`
            : previous === 'examples'
              ? `example ${segment + 1}`
              : `alternative ${segment + 1}`,
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
