import type { z } from 'zod';
import { AnalysisLimitError, exploreConfigurations, pathStats, shortestSuccess, stuckDecisions, trappedConfigurations, type ConfigurationGraph } from './analysis';
import { compileScenario } from './compile';
import { designWarnings, type WarningCode } from './design-warnings';
import { MAX_FILE_BYTES, MAX_STATES, OUTCOMES, TIMEOUT_EVENT, type Outcome } from './format';
import { didYouMean, formatPath, type PathSegment } from './json-path';
import { parseJson } from './parse-json';
import { targetsOf } from './runtime';
import { asList, isDecision, isEnding, isJunction, scenarioEnvelopeSchema, scenarioSchema, stateKindOf, stateSchemaByKind, type ScenarioDocument } from './schema';

export interface CheckMessage {
  path: string;
  message: string;
}

/** A warning: the file is valid but may teach badly or confuse. Its code names the rule (design-warnings.ts). */
export interface CheckWarning extends CheckMessage {
  code: WarningCode;
}

export interface ScenarioStats {
  states: number;
  decisions: number;
  endings: Record<Outcome, number>;
  bestPercent: number;
  worstPercent: number;
  principles: string[];
  /** Fewest decisions from the start to a success ending. */
  shortestSuccess: number | null;
  canPass: boolean;
  canFail: boolean;
  /** Distinct (state, mood, flags) a trainee can be in. */
  configurations: number;
  /** Replies (and time-outs) marked as critical errors. */
  criticalErrors: number;
}

export interface CheckResult {
  file: string;
  id: string | null;
  valid: boolean;
  errors: CheckMessage[];
  warnings: CheckWarning[];
  stats: ScenarioStats | null;
  /** The checked document, when valid. */
  document: ScenarioDocument | null;
}

export interface CheckOptions {
  /** How the file is named in messages. */
  file: string;
  /** Principle ids that exist (from scenarios/principles.json). */
  principles: readonly string[];
  /** The id the file name implies (`<id>.json`), when checking a file on disk. */
  expectedId?: string;
}

/** Every key the format knows, to suggest a fix for a misspelt one. */
const KNOWN_KEYS = [
  '$schema',
  'id',
  'initial',
  'context',
  'meta',
  'states',
  'mood',
  'format',
  'title',
  'summary',
  'channel',
  'difficulty',
  'minutes',
  'passPercent',
  'feedback',
  'persona',
  'principles',
  'tags',
  'name',
  'role',
  'narration',
  'say',
  'timeLimitSeconds',
  'on',
  'always',
  'type',
  'target',
  'guard',
  'actions',
  'params',
  'choice',
  'outcome',
  'by',
  'flag',
  'value',
  'critical',
  'fixedOrder',
  'examples',
  'intent',
];

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value);

type Issue = z.core.$ZodIssue;

/** zod's own wording, as opposed to a message this schema sets. */
const isDefaultMessage = (message: string) => /^Invalid (input|key)/.test(message);

/**
 * Of a union's failed branches, the one meant: the branch whose type fits the input (an object
 * where an object is given, a list where a list is), then the one with the fewest complaints.
 */
function meantBranch(branches: Issue[][]): Issue[] {
  const rank = (issues: Issue[]) => issues.filter((i) => i.code === 'invalid_type' && i.path.length === 0).length * 1000 + issues.length;
  return [...branches].sort((a, b) => rank(a) - rank(b))[0] ?? [];
}

function messagesFromZod(error: z.ZodError, prefix: PathSegment[], input: unknown): CheckMessage[] {
  return dedupe(messagesFromIssues(error.issues, prefix, input));
}

function messagesFromIssues(issues: readonly Issue[], prefix: PathSegment[], input: unknown): CheckMessage[] {
  const out: CheckMessage[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    if (issue.code === 'invalid_union' && isDefaultMessage(issue.message) && issue.errors.length > 0) {
      const inner = valueAt(input, issue.path as PathSegment[]);
      const branch = meantBranch(issue.errors);
      if (branch.length) {
        out.push(...messagesFromIssues(branch, path, inner));
        continue;
      }
    }
    if (issue.code === 'invalid_key') {
      for (const inner of issue.issues) out.push({ path: formatPath(path), message: inner.message });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...path, key]), message: `unknown key ${JSON.stringify(key)}${didYouMean(key, KNOWN_KEYS)}` });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      const actual = valueAt(input, issue.path as PathSegment[]);
      message = actual === undefined ? 'is required' : `must be ${describeExpected(issue.expected)}, not ${jsonType(actual)}`;
    } else if (issue.code === 'invalid_union' && !issue.message.startsWith('unknown') && !issue.message.startsWith('a ')) {
      const actual = valueAt(input, issue.path as PathSegment[]);
      message = actual === undefined ? 'is required' : `is not a valid value here (${jsonType(actual)})`;
    } else if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
      message = `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    }
    out.push({ path: formatPath(path), message });
  }
  return out;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.hasOwn(current, segment) ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return current;
}

function dedupe(messages: CheckMessage[]): CheckMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = `${m.path}\u0000${m.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where the input has an own "__proto__" key: zod's records skip such keys unchecked, and no scenario needs one. */
function prototypeKeys(input: unknown): PathSegment[][] {
  const found: PathSegment[][] = [];
  const seen = new Set<object>();
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: input, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) found.push([...path, '__proto__']);
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] });
  }
  return found;
}

/** Shape: the envelope, then each state against the kind it means to be. */
function checkShape(input: unknown): CheckMessage[] {
  const errors: CheckMessage[] = [];
  const envelope = scenarioEnvelopeSchema.safeParse(input);
  if (!envelope.success) errors.push(...messagesFromZod(envelope.error, [], input));
  for (const path of prototypeKeys(input)) {
    const at = formatPath(path);
    if (!errors.some((e) => e.path === at)) errors.push({ path: at, message: 'the key "__proto__" is not allowed' });
  }
  const states = valueAt(input, ['states']);
  if (states && typeof states === 'object' && !Array.isArray(states)) {
    const names = Object.keys(states);
    if (names.length > MAX_STATES) {
      errors.push({ path: 'states', message: `has ${names.length} states; at most ${MAX_STATES} are allowed` });
      return errors;
    }
    for (const name of names) {
      const state = (states as Record<string, unknown>)[name];
      const result = stateSchemaByKind[stateKindOf(state)].safeParse(state);
      if (!result.success) errors.push(...messagesFromZod(result.error, ['states', name], state));
    }
  }
  return errors;
}

/** Rules that need the whole (well-shaped) document. */
function checkStructure(doc: ScenarioDocument, options: CheckOptions, errors: CheckMessage[], warnings: CheckWarning[]) {
  const states = doc.states;
  const names = Object.keys(states);
  const known = new Set(options.principles);
  const listed = new Set(doc.meta.principles);
  const scored = new Set<string>();
  const error = (path: PathSegment[], message: string) => errors.push({ path: formatPath(path), message });
  const warn = (code: WarningCode, path: PathSegment[], message: string) => warnings.push({ code, path: formatPath(path), message });

  if (options.expectedId !== undefined && doc.id !== options.expectedId) {
    error(['id'], `is "${doc.id}" but the file is named "${options.expectedId}.json"; they must match`);
  }
  if (!Object.hasOwn(states, doc.initial)) error(['initial'], `no state ${JSON.stringify(doc.initial)}${didYouMean(doc.initial, names)}`);

  doc.meta.principles.forEach((id, i) => {
    if (!known.has(id)) error(['meta', 'principles', i], `unknown principle ${JSON.stringify(id)}${didYouMean(id, known)}`);
  });

  for (const [name, state] of Object.entries(states)) {
    for (const { target, path } of targetsOf(state)) {
      if (!Object.hasOwn(states, target)) error(['states', name, ...path], `no state ${JSON.stringify(target)}${didYouMean(target, names)}`);
    }
    if (isJunction(state)) {
      state.always.forEach((entry, i) => {
        const last = i === state.always.length - 1;
        if (last && entry.guard) error(['states', name, 'always', i, 'guard'], 'the last entry of a junction must have no guard, so the junction always leads somewhere');
        if (!last && !entry.guard)
          error(['states', name, 'always', i], 'only the last entry of a junction may be without a guard; the entries after this one could never be taken');
      });
    }
    if (!isDecision(state)) continue;
    const hasTimer = state.meta.timeLimitSeconds !== undefined;
    const hasTimeout = Object.hasOwn(state.on, TIMEOUT_EVENT);
    if (hasTimer && !hasTimeout) error(['states', name, 'meta', 'timeLimitSeconds'], 'a time limit needs an on.TIMEOUT transition saying what happens when time runs out');
    if (hasTimeout && !hasTimer) error(['states', name, 'on', TIMEOUT_EVENT], 'TIMEOUT needs meta.timeLimitSeconds on the state');
    for (const [event, value] of Object.entries(state.on)) {
      const list = asList(value);
      const base: PathSegment[] = ['states', name, 'on', event];
      list.forEach((alternative, i) => {
        const at = Array.isArray(value) ? [...base, i] : base;
        if (Array.isArray(value)) {
          const last = i === list.length - 1;
          if (last && alternative.guard) error([...at, 'guard'], 'the last alternative must have no guard (put guarded alternatives first)');
          if (!last && !alternative.guard) error(at, 'only the last alternative may be without a guard; the alternatives after this one could never be taken');
        }
        const first = list[0]!;
        if (event !== TIMEOUT_EVENT && i > 0 && 'choice' in (alternative.meta ?? {}) && 'choice' in (first.meta ?? {})) {
          const words = (alternative.meta as { choice: string }).choice;
          if (words !== (first.meta as { choice: string }).choice)
            error([...at, 'meta', 'choice'], 'must be the same words as the first alternative: alternatives differ only in what follows');
        }
        if (i > 0) {
          // What the reply is (critical or not, its other phrasings, its intent) belongs to the words, not to what follows.
          for (const key of ['critical', 'examples', 'intent'] as const) {
            const mine = JSON.stringify((alternative.meta as Record<string, unknown> | undefined)?.[key]);
            const firsts = JSON.stringify((first.meta as Record<string, unknown> | undefined)?.[key]);
            if (mine !== firsts) error([...at, 'meta', key], `must be the same as in the first alternative: ${key} belongs to the reply, the same in every alternative`);
          }
        }
        if (!alternative.meta?.feedback) warn('missing-feedback', [...at, 'meta'], event === TIMEOUT_EVENT ? 'TIMEOUT has no feedback' : 'this choice has no feedback');
        (alternative.actions ?? []).forEach((action, j) => {
          if (action.type !== 'score') return;
          for (const principle of Object.keys(action.params)) {
            const path = [...at, 'actions', j, 'params', principle];
            if (!known.has(principle)) error(path, `unknown principle ${JSON.stringify(principle)}${didYouMean(principle, known)}`);
            else if (!listed.has(principle)) error(path, `principle "${principle}" is scored but not listed in meta.principles`);
            scored.add(principle);
          }
        });
      });
    }
  }

  doc.meta.principles.forEach((id, i) => {
    if (known.has(id) && !scored.has(id)) warn('unscored-principle', ['meta', 'principles', i], `principle "${id}" is listed but no choice scores it`);
  });

  if (!Object.values(states).some((s) => isEnding(s) && s.meta.outcome === 'success')) {
    error(['states'], 'there is no ending with outcome "success"');
  }

  // Junction cycles would make the machine loop forever without a decision.
  const junctionCycle = findJunctionCycle(doc);
  if (junctionCycle) error(['states', junctionCycle[0]!], `junctions form a loop with no decision in it: ${junctionCycle.join(' → ')}`);

  // Unreachable states, ignoring guards.
  if (Object.hasOwn(states, doc.initial)) {
    const seen = reachableByStructure(doc);
    for (const name of names) if (!seen.has(name)) error(['states', name], `unreachable from the initial state "${doc.initial}"`);
  }
}

function reachableByStructure(doc: ScenarioDocument): Set<string> {
  const seen = new Set<string>([doc.initial]);
  const queue = [doc.initial];
  while (queue.length) {
    const state = doc.states[queue.pop()!];
    if (!state) continue;
    for (const { target } of targetsOf(state)) {
      if (Object.hasOwn(doc.states, target) && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

function findJunctionCycle(doc: ScenarioDocument): string[] | null {
  const colour = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (name: string): string[] | null => {
    const state = doc.states[name];
    if (!state || !isJunction(state)) return null;
    if (colour.get(name) === 'done') return null;
    if (colour.get(name) === 'open') return [...trail.slice(trail.indexOf(name)), name];
    colour.set(name, 'open');
    trail.push(name);
    for (const entry of state.always) {
      const cycle = visit(entry.target);
      if (cycle) return cycle;
    }
    trail.pop();
    colour.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(doc.states)) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return null;
}

const describeContext = (mood: number, flags: string[]) => `mood is ${mood} and ${flags.length ? `flags ${flags.map((f) => `"${f}"`).join(', ')} are set` : 'no flags are set'}`;

/** Rules about what a trainee can actually meet: open choices, endings, guards that never pass. */
function checkBehaviour(doc: ScenarioDocument, graph: ConfigurationGraph, errors: CheckMessage[], warnings: CheckWarning[]) {
  const reported = new Set<string>();
  for (const node of stuckDecisions(graph)) {
    if (reported.has(node.position.state)) continue;
    reported.add(node.position.state);
    errors.push({
      path: formatPath(['states', node.position.state, 'on']),
      message: `no choice is open when ${describeContext(node.position.mood, node.position.flags)}, and this can happen`,
    });
  }
  for (const node of trappedConfigurations(graph)) {
    if (reported.has(node.position.state)) continue;
    reported.add(node.position.state);
    errors.push({
      path: formatPath(['states', node.position.state]),
      message: `a trainee can reach this state (when ${describeContext(node.position.mood, node.position.flags)}) and then never reach an ending: every way on loops back`,
    });
  }
  // Configurations sit at decisions and endings; junctions are passed through within a step.
  const reachedStates = new Set([...graph.nodes.values()].map((n) => n.position.state));
  for (const name of reachableByStructure(doc)) {
    if (isJunction(doc.states[name]!)) continue;
    if (!reachedStates.has(name)) {
      warnings.push({ code: 'guard-never-passes', path: formatPath(['states', name]), message: 'reachable only through a guard that can never pass' });
    }
  }
}

/**
 * Checks a scenario file against `frontline.scenario/1`: every error and warning the format
 * lists, each with its JSON path, and, when valid, the stats of every path through it.
 */
export function checkScenario(input: string | unknown, options: CheckOptions): CheckResult {
  const errors: CheckMessage[] = [];
  const warnings: CheckWarning[] = [];
  const result = (doc: ScenarioDocument | null, stats: ScenarioStats | null, id: string | null): CheckResult => ({
    file: options.file,
    id,
    valid: errors.length === 0,
    errors,
    warnings,
    stats: errors.length === 0 ? stats : null,
    document: errors.length === 0 ? doc : null,
  });

  let value: unknown = input;
  if (typeof input === 'string') {
    const bytes = new TextEncoder().encode(input).length;
    if (bytes > MAX_FILE_BYTES) {
      errors.push({ path: '(root)', message: `the file is ${bytes} bytes; at most ${MAX_FILE_BYTES} (1 MB) is allowed` });
      return result(null, null, null);
    }
    const parsed = parseJson(input);
    if (!parsed.ok) {
      errors.push({ path: '(root)', message: parsed.message });
      return result(null, null, null);
    }
    value = parsed.value;
  }
  const rawId = valueAt(value, ['id']);
  const id = typeof rawId === 'string' ? rawId : null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ path: '(root)', message: `a scenario must be a JSON object, not ${jsonType(value)}` });
    return result(null, null, id);
  }

  errors.push(...checkShape(value));
  if (errors.length) return result(null, null, id);
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    errors.push(...messagesFromZod(parsed.error, [], value));
    return result(null, null, id);
  }
  // The schema transforms nothing, so the input is the document; zod's copy would reorder the
  // keys of `on`, and their order is the order choices are shown in.
  const doc = (typeof input === 'string' ? value : structuredClone(value)) as ScenarioDocument;

  checkStructure(doc, options, errors, warnings);
  if (errors.length) return result(doc, null, id);

  let graph: ConfigurationGraph;
  try {
    graph = exploreConfigurations(compileScenario(doc));
  } catch (error) {
    if (error instanceof AnalysisLimitError) {
      errors.push({ path: 'states', message: error.message });
      return result(doc, null, id);
    }
    throw error;
  }
  checkBehaviour(doc, graph, errors, warnings);
  if (errors.length) return result(doc, null, id);

  let paths;
  try {
    paths = pathStats(graph, doc.meta.passPercent);
  } catch (error) {
    if (error instanceof AnalysisLimitError) {
      errors.push({ path: 'states', message: error.message });
      return result(doc, null, id);
    }
    throw error;
  }
  if (!paths) {
    errors.push({ path: 'initial', message: 'no ending can be reached from the start' });
    return result(doc, null, id);
  }
  if (!paths.canPass) {
    warnings.push({
      code: 'cannot-pass',
      path: 'meta.passPercent',
      message: `no path can pass: the best path scores ${paths.bestPercent.toFixed(1)}%, or every path that reaches the pass mark takes a critical error or ends in failure`,
    });
  }
  warnings.push(...designWarnings(doc, graph, paths.successBelowPass));

  const endings = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let decisions = 0;
  let criticalErrors = 0;
  for (const state of Object.values(doc.states)) {
    if (isEnding(state)) endings[state.meta.outcome]++;
    else if (isDecision(state)) {
      decisions++;
      for (const value of Object.values(state.on)) if (asList(value)[0]?.meta?.critical) criticalErrors++;
    }
  }
  return result(
    doc,
    {
      states: Object.keys(doc.states).length,
      decisions,
      endings,
      bestPercent: paths.bestPercent,
      worstPercent: paths.worstPercent,
      principles: [...doc.meta.principles],
      shortestSuccess: shortestSuccess(graph),
      canPass: paths.canPass,
      canFail: paths.canFail,
      configurations: graph.nodes.size,
      criticalErrors,
    },
    id,
  );
}
