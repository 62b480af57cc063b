import { principleName } from '@/machines/principles';
import { TIMEOUT_EVENT } from '@/machines/format';
import {
  alternativesOf,
  asDraft,
  flagsOf,
  GUARD_LABELS,
  isObject,
  kindOf,
  moodOf,
  pointsOf,
  sayList,
  STATE_KIND_LABELS,
  statesOf,
  text,
  type DraftDocument,
  type DraftState,
  type DraftTransition,
  type GuardType,
} from './draft-edits';

/**
 * Two revisions of a draft compared the way the studio's forms show a scenario (decision 039): the
 * settings, then each step and its replies, in the studio's words (decision 037), never as JSON.
 * Only what differs is listed; a value absent on one side is null there.
 */
export interface TextChange {
  /** The field as its form labels it: "What the customer says", "Feedback". */
  field: string;
  before: string | null;
  after: string | null;
}

export interface ScoreChange {
  /** The principle's name, with the outcome it belongs to when the reply has more than one. */
  principle: string;
  before: number | null;
  after: number | null;
}

export type Change = 'added' | 'removed' | 'changed';

export interface ReplyChange {
  /** The reply's short name; "No reply in time" for the timer's branch. */
  key: string;
  /** The trainee's words, as the newer revision has them (the older one's, for a reply removed). */
  words: string;
  change: Change;
  texts: TextChange[];
  scores: ScoreChange[];
}

export interface StepChange {
  name: string;
  change: Change;
  texts: TextChange[];
  replies: ReplyChange[];
}

export interface RevisionComparison {
  settings: TextChange[];
  steps: StepChange[];
  /** Nothing a trainee or trainer would see differs (formatting alone may). */
  same: boolean;
}

/** A field's value as one line or several; empty and absent are both "nothing". */
type Fields = Record<string, string | null>;

const orNull = (value: string): string | null => (value.trim() === '' ? null : value);
const numberText = (value: unknown): string | null => (typeof value === 'number' ? String(value) : null);
const listText = (value: unknown): string | null => (Array.isArray(value) ? orNull(value.map(text).filter(Boolean).join(', ')) : null);
const yesNo = (value: unknown, yes: string): string | null => (value === true ? yes : null);

function changedFields(before: Fields, after: Fields): TextChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.flatMap((field) => {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    return a === b ? [] : [{ field, before: a, after: b }];
  });
}

function settingsFields(doc: DraftDocument): Fields {
  const meta = isObject(doc.meta) ? doc.meta : {};
  const persona = isObject(meta.persona) ? meta.persona : {};
  const pool = isObject(meta.pool) ? meta.pool : {};
  return {
    Title: orNull(text(meta.title)),
    Summary: orNull(text(meta.summary)),
    Channel: orNull(text(meta.channel)),
    Difficulty: orNull(text(meta.difficulty)),
    Minutes: numberText(meta.minutes),
    'Pass mark (%)': numberText(meta.passPercent),
    Feedback: orNull(text(meta.feedback)),
    "Customer's name": orNull(text(persona.name)),
    "Customer's role": orNull(text(persona.role)),
    Principles: Array.isArray(meta.principles) ? orNull(meta.principles.map((p) => principleName(text(p))).join(', ')) : null,
    Tags: listText(meta.tags),
    'Assessment pool': orNull([text(pool.title), text(pool.id)].filter(Boolean).join(' · ')),
    'Trainees type their replies in their own words': yesNo(meta.ownWords, 'Yes'),
    'Starting mood': isObject(doc.context) ? numberText(doc.context.mood) : null,
    'First step': orNull(text(doc.initial)),
  };
}

function conditionText(t: DraftTransition): string | null {
  const guard = t.guard;
  if (!isObject(guard) || !guard.type) return null;
  const label = GUARD_LABELS[guard.type as GuardType] ?? guard.type;
  const value = isObject(guard.params) ? (guard.params.value ?? guard.params.flag) : undefined;
  return value === undefined ? label : `${label} ${String(value)}`;
}

/** Where each outcome of a reply (or each way on of an automatic branch) leads, one line each. */
function nextStepsText(alternatives: DraftTransition[]): string | null {
  const lines = alternatives.map((t) => {
    const condition = conditionText(t);
    const target = orNull(text(t.target)) ?? '(not chosen)';
    return condition ? `${target}, when ${condition.charAt(0).toLowerCase()}${condition.slice(1)}` : target;
  });
  return orNull(lines.join('\n'));
}

function stepFields(state: DraftState): Fields {
  const meta = isObject(state.meta) ? state.meta : {};
  const kind = kindOf(state);
  return {
    'Kind of step': STATE_KIND_LABELS[kind],
    'What the customer says': orNull(sayList(meta.say).join('\n')),
    Narration: orNull(text(meta.narration)),
    'Time limit in seconds': numberText(meta.timeLimitSeconds),
    'Show replies in the order written': yesNo(meta.fixedOrder, 'Yes'),
    'How it ended': orNull(text(meta.outcome)),
    Summary: orNull(text(meta.summary)),
    'Ways on': kind === 'junction' && Array.isArray(state.always) ? nextStepsText(state.always.filter(isObject)) : null,
  };
}

function replyFields(alternatives: DraftTransition[]): Fields {
  const first = alternatives[0];
  const meta = first && isObject(first.meta) ? first.meta : {};
  const moods = alternatives.map(moodOf);
  const flags = alternatives.map(flagsOf);
  const perOutcome = (values: string[]) =>
    orNull(
      alternatives.length > 1
        ? values
            .map((v, i) => (v ? `Outcome ${i + 1}: ${v}` : ''))
            .filter(Boolean)
            .join('\n')
        : (values[0] ?? ''),
    );
  return {
    'Words the trainee says': orNull(text(meta.choice)),
    Feedback: orNull(text(meta.feedback)),
    'Critical error': orNull(text(meta.critical)),
    'What this reply does': orNull(text(meta.intent)),
    'Other ways to say it': Array.isArray(meta.examples) ? orNull(meta.examples.map(text).join('\n')) : null,
    'Next step': nextStepsText(alternatives),
    'Mood change': perOutcome(moods.map((m) => (m === undefined ? '' : m > 0 ? `+${m}` : String(m)))),
    'Remember that…': perOutcome(flags.map((f) => f.join(', '))),
  };
}

/** Points per principle of each outcome; the principle is named with its outcome when there are several. */
function replyScores(alternatives: DraftTransition[]): Map<string, number> {
  const scores = new Map<string, number>();
  alternatives.forEach((t, index) => {
    for (const [principle, points] of Object.entries(pointsOf(t))) {
      scores.set(alternatives.length > 1 ? `${principleName(principle)} (outcome ${index + 1})` : principleName(principle), points);
    }
  });
  return scores;
}

function scoreChanges(before: Map<string, number>, after: Map<string, number>): ScoreChange[] {
  const principles = [...new Set([...before.keys(), ...after.keys()])];
  return principles.flatMap((principle) => {
    const a = before.get(principle) ?? null;
    const b = after.get(principle) ?? null;
    return a === b ? [] : [{ principle, before: a, after: b }];
  });
}

const repliesOf = (state: DraftState | undefined): Map<string, DraftTransition[]> =>
  new Map(isObject(state) && isObject(state.on) ? Object.entries(state.on).map(([key, value]) => [key, alternativesOf(value)]) : []);

const replyWords = (key: string, alternatives: DraftTransition[] | undefined): string =>
  key === TIMEOUT_EVENT ? 'No reply in time' : (orNull(text(alternatives?.[0]?.meta?.choice)) ?? key);

function compareReplies(before: DraftState | undefined, after: DraftState | undefined): ReplyChange[] {
  const a = repliesOf(before);
  const b = repliesOf(after);
  // The newer revision's order, then replies it no longer has, where they stood.
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys.flatMap((key): ReplyChange[] => {
    const old = a.get(key);
    const now = b.get(key);
    const texts = changedFields(old ? replyFields(old) : {}, now ? replyFields(now) : {});
    const scores = scoreChanges(old ? replyScores(old) : new Map(), now ? replyScores(now) : new Map());
    const change: Change = !old ? 'added' : !now ? 'removed' : 'changed';
    if (change === 'changed' && texts.length === 0 && scores.length === 0) return [];
    return [{ key: key === TIMEOUT_EVENT ? 'No reply in time' : key, words: replyWords(key, now ?? old), change, texts, scores }];
  });
}

/** Compares two revisions' texts; text that is not JSON is compared as an empty draft. */
export function compareRevisions(beforeSource: string, afterSource: string): RevisionComparison {
  const before = parseDraft(beforeSource);
  const after = parseDraft(afterSource);
  const settings = changedFields(settingsFields(before), settingsFields(after));
  const a = statesOf(before);
  const b = statesOf(after);
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const steps = names.flatMap((name): StepChange[] => {
    const old = isObject(a[name]) ? a[name] : undefined;
    const now = isObject(b[name]) ? b[name] : undefined;
    const texts = changedFields(old ? stepFields(old) : {}, now ? stepFields(now) : {});
    const replies = compareReplies(old, now);
    const change: Change = !old ? 'added' : !now ? 'removed' : 'changed';
    if (change === 'changed' && texts.length === 0 && replies.length === 0) return [];
    return [{ name, change, texts, replies }];
  });
  return { settings, steps, same: settings.length === 0 && steps.length === 0 };
}

function parseDraft(source: string): DraftDocument {
  try {
    return asDraft(JSON.parse(source));
  } catch {
    return {};
  }
}
