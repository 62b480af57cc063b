import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { MAX_FILE_BYTES } from '@/machines/format';
import { generatedScenario } from '@/machines/test-fixtures/generated-scenario';

/**
 * Bad scenario files made from good ones, for the fuzzer: a valid scenario is changed in one to
 * four places (a value of the wrong type, a key taken away or added, `__proto__` and friends,
 * targets pointed back into loops, huge and strange strings, deep nesting), then written out and,
 * sometimes, damaged as text (cut short, a stray character, a comment, 10 MB of padding).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Segment = string | number;

export interface BaseScenario {
  name: string;
  doc: Json;
}

/** The built-in scenarios and two generated ones (a small one and one at the size limit). */
export function baseScenarios(directory = path.join(process.cwd(), 'scenarios'), options: { large?: boolean } = {}): BaseScenario[] {
  const files = readdirSync(directory)
    .filter((f) => f.endsWith('.json') && f !== 'principles.json')
    .sort();
  const bases: BaseScenario[] = files.map((f) => ({ name: f, doc: JSON.parse(readFileSync(path.join(directory, f), 'utf8')) as Json }));
  bases.push({ name: 'generated-24', doc: generatedScenario(24, 11) as unknown as Json });
  if (options.large) bases.push({ name: 'generated-200', doc: generatedScenario(200, 5) as unknown as Json });
  return bases;
}

/** Text put into the document as is when it is written out: nesting too deep to build as values. */
class RawJson {
  constructor(readonly text: string) {}
}
type Tree = Json | RawJson | Tree[] | { [key: string]: Tree };

/** Keys that are special to JavaScript objects. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** Characters that break text in interesting ways: controls, bidi overrides, lone surrogates, line separators, BOM. */
const STRANGE_CHARACTERS = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u200b',
  '\ud800',
  '\udfff',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '😀',
  '👩🏽‍💻',
  'é',
  '\r',
  '\t',
  '\n',
];

const strangeString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.constantFrom(...STRANGE_CHARACTERS), { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...STRANGE_CHARACTERS), fc.string({ maxLength: 10 })).map(([a, c, b]) => `${a}${c}${b}`),
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '{{7*7}}', '${7*7}', 'javascript:alert(1)', '"\'><', 'null', '-1', '1e309', '__proto__'),
);

/** Values of every JSON type, and some that stretch JSON (huge numbers, lone surrogates). */
const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, [], {}, '', [null], { '': null }),
  strangeString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

const oddKey = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), strangeString, fc.constantFrom('TIMEOUT', 'type', 'target', 'meta', 'states', '$schema', 'x'.repeat(200)));

type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'add-key'; at: number; key: string; value: Json }
  | { kind: 'rename-state'; at: number; name: string }
  | { kind: 'retarget'; at: number; to: number }
  | { kind: 'huge-string'; at: number; length: number }
  | { kind: 'deep'; at: number; depth: number; open: '[' | '{' }
  | { kind: 'strange-text'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: wrongValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add-key' as const), at: fc.nat(), key: oddKey, value: wrongValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename-state' as const), at: fc.nat(), name: oddKey }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retarget' as const), at: fc.nat(), to: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('huge-string' as const), at: fc.nat(), length: fc.oneof(fc.integer({ min: 1_001, max: 20_000 }), fc.constant(MAX_FILE_BYTES + 1)) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      at: fc.nat(),
      depth: fc.oneof(fc.integer({ min: 2, max: 100 }), fc.constant(20_000)),
      open: fc.constantFrom('[' as const, '{' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('strange-text' as const), at: fc.nat(), text: strangeString }) },
);

type TextDamage =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate-key' }
  | { kind: 'comment' }
  | { kind: 'trailing-comma' }
  | { kind: 'bom' }
  | { kind: 'pad-to-10mb' };

const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'NaN', 'undefined'), strangeString),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate-key' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'comment' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'trailing-comma' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pad-to-10mb' as const }) },
);

/** Every path in the tree, parents before children. */
function pathsOf(tree: Tree, prefix: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(prefix);
  if (Array.isArray(tree)) tree.forEach((child, i) => pathsOf(child, [...prefix, i], out));
  else if (tree && typeof tree === 'object' && !(tree instanceof RawJson)) for (const key of Object.keys(tree)) pathsOf(tree[key]!, [...prefix, key], out);
  return out;
}

function at(tree: Tree, segments: Segment[]): Tree | undefined {
  let current: Tree | undefined = tree;
  for (const s of segments) {
    if (current === null || typeof current !== 'object' || current instanceof RawJson) return undefined;
    current = (current as Record<Segment, Tree>)[s];
  }
  return current;
}

/** Sets a key as an own property, `__proto__` included (plain assignment would change the prototype). */
function setOwn(target: Record<string, Tree> | Tree[], key: Segment, value: Tree) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function replaceAt(tree: Tree, segments: Segment[], value: Tree): Tree {
  if (segments.length === 0) return value;
  const parent = at(tree, segments.slice(0, -1)) as Record<string, Tree> | Tree[];
  setOwn(parent, segments[segments.length - 1]!, value);
  return tree;
}

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

function applyMutation(tree: Tree, m: Mutation): Tree {
  const all = pathsOf(tree);
  switch (m.kind) {
    case 'replace':
      return replaceAt(tree, pick(all, m.at)!, m.value);
    case 'delete': {
      const target = pick(
        all.filter((p) => p.length > 0),
        m.at,
      );
      if (!target) return tree;
      const parent = at(tree, target.slice(0, -1));
      const last = target[target.length - 1]!;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, Tree>)[last];
      return tree;
    }
    case 'add-key': {
      const objects = all.filter((p) => {
        const v = at(tree, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson);
      });
      const target = pick(objects, m.at);
      if (target) setOwn(at(tree, target) as Record<string, Tree>, m.key, m.value);
      return tree;
    }
    case 'rename-state': {
      const states = at(tree, ['states']);
      if (!states || typeof states !== 'object' || Array.isArray(states) || states instanceof RawJson) return tree;
      const names = Object.keys(states);
      const old = pick(names, m.at);
      if (old === undefined) return tree;
      const renamed: Record<string, Tree> = {};
      for (const name of names) setOwn(renamed, name === old ? m.name : name, (states as Record<string, Tree>)[name]!);
      return replaceAt(tree, ['states'], renamed);
    }
    case 'retarget': {
      // Points a transition at the state it leaves, or at an earlier one: loops, junction cycles.
      const targets = all.filter((p) => p[p.length - 1] === 'target' && typeof at(tree, p) === 'string');
      const target = pick(targets, m.at);
      const states = at(tree, ['states']);
      if (!target || !states || typeof states !== 'object') return tree;
      const names = Object.keys(states);
      const to = m.to % 3 === 0 ? String(target[1]) : pick(names, m.to)!;
      return replaceAt(tree, target, to);
    }
    case 'huge-string': {
      const strings = all.filter((p) => typeof at(tree, p) === 'string');
      const target = pick(strings, m.at) ?? pick(all, m.at)!;
      return replaceAt(tree, target, 'A customer says: '.padEnd(m.length, 'é'));
    }
    case 'deep': {
      const close = m.open === '[' ? ']' : '}';
      const inner = m.open === '[' ? '' : '"a":1';
      const text = m.open === '[' ? `${'['.repeat(m.depth)}${inner}${close.repeat(m.depth)}` : `${'{"a":'.repeat(m.depth)}1${'}'.repeat(m.depth)}`;
      return replaceAt(tree, pick(all, m.at)!, new RawJson(text));
    }
    case 'strange-text': {
      const strings = all.filter((p) => typeof at(tree, p) === 'string');
      const target = pick(strings, m.at);
      if (!target) return tree;
      const old = at(tree, target) as string;
      const cut = m.at % (old.length + 1);
      return replaceAt(tree, target, `${old.slice(0, cut)}${m.text}${old.slice(cut)}`);
    }
  }
}

/** Writes the tree as JSON text, with raw pieces put in as they are. */
function write(tree: Tree, indent: number): string {
  const raws: string[] = [];
  const marker = (i: number) => `\u0001raw-${i}\u0001`;
  const text = JSON.stringify(tree, (_key, value: unknown) => (value instanceof RawJson ? marker(raws.push(value.text) - 1) : value), indent || undefined);
  return text === undefined ? 'null' : raws.reduce((out, raw, i) => out.replace(JSON.stringify(marker(i)), () => raw), text);
}

function damage(text: string, d: TextDamage): string {
  switch (d.kind) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, d.at % Math.max(1, text.length));
    case 'insert': {
      const i = d.at % (text.length + 1);
      return `${text.slice(0, i)}${d.text}${text.slice(i)}`;
    }
    case 'duplicate-key': {
      const match = /\n(\s+"[^"\n]+": [^\n]*,)\n/.exec(text);
      return match ? text.replace(match[0], `\n${match[1]}\n${match[1]}\n`) : `${text.slice(0, -1)},"id":"again"}`;
    }
    case 'comment':
      return text.replace('{', '{ // a comment\n');
    case 'trailing-comma':
      return text.replace(/\n\}$/, ',\n}');
    case 'bom':
      return `\ufeff${text}`;
    case 'pad-to-10mb':
      // Valid JSON (whitespace is allowed anywhere between tokens) and ten times over the limit.
      return `${text}${' '.repeat(Math.max(0, 10 * MAX_FILE_BYTES - text.length))}`;
  }
}

export interface FuzzedScenario {
  /** What was done, to read in a failure report. */
  recipe: string;
  text: string;
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** A scenario file made bad (most of the time: some mutations leave it valid, which is fine). */
export function fuzzedScenario(bases: readonly BaseScenario[]): fc.Arbitrary<FuzzedScenario> {
  const fromBase = fc
    .record({
      base: fc.nat({ max: bases.length - 1 }),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
      indent: fc.constantFrom(0, 2),
      damage: textDamage,
    })
    .map(({ base, mutations, indent, damage: d }) => {
      const source = bases[base]!;
      const tree = mutations.reduce<Tree>((t, m) => applyMutation(t, m), clone(source.doc));
      const text = damage(write(tree, indent), d);
      return { recipe: `${source.name}: ${mutations.map(describe).join('; ')}${d.kind === 'none' ? '' : `; then ${d.kind}`}`, text };
    });
  const otherDocuments = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ recipe: 'any JSON value', text: JSON.stringify(v) ?? 'null' })),
    fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ recipe: 'any text', text })),
    fc.constantFrom(
      { recipe: 'empty', text: '' },
      { recipe: 'ten megabytes of one string', text: `{"id":"x","meta":{"title":"${'x'.repeat(10 * MAX_FILE_BYTES)}"}}` },
      { recipe: 'nested 100 000 lists deep', text: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
      { recipe: '__proto__ at the top', text: '{"__proto__":{"polluted":true},"id":"proto-pollution"}' },
      { recipe: 'a state called __proto__', text: '{"id":"proto-state","initial":"__proto__","states":{"__proto__":{"type":"final","meta":{"outcome":"success","summary":"x"}}}}' },
    ),
  );
  return fc.oneof({ weight: 9, arbitrary: fromBase }, { weight: 1, arbitrary: otherDocuments });
}

function describe(m: Mutation): string {
  switch (m.kind) {
    case 'replace':
      return `replace #${m.at} with ${short(m.value)}`;
    case 'delete':
      return `delete #${m.at}`;
    case 'add-key':
      return `add ${short(m.key)}: ${short(m.value)} to object #${m.at}`;
    case 'rename-state':
      return `rename state #${m.at} to ${short(m.name)}`;
    case 'retarget':
      return `retarget #${m.at} to #${m.to}`;
    case 'huge-string':
      return `string #${m.at} ${m.length} long`;
    case 'deep':
      return `#${m.at} nested ${m.depth} deep with ${m.open}`;
    case 'strange-text':
      return `insert ${short(m.text)} into string #${m.at}`;
  }
}

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};
