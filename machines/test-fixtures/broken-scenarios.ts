import type { ScenarioDocument } from '../schema';
import { asText, fixtureScenario } from './scenarios';

/**
 * A corpus of broken scenario files: one per rule the format makes the checker reject, each with
 * the JSON path and the message it must report. Used by the checker's tests and by imports.
 */
export interface BrokenScenario {
  name: string;
  text: string;
  path: string;
  message: string;
}

type Doc = ScenarioDocument & Record<string, unknown>;
// Tests reach into the fixture loosely: each case breaks it in its own way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const broken = (name: string, path: string, message: string, mutate: (doc: Loose) => void): BrokenScenario => {
  const doc = fixtureScenario() as Doc;
  mutate(doc);
  return { name, text: asText(doc), path, message };
};

export const BROKEN_SCENARIOS: BrokenScenario[] = [
  { name: 'not JSON', text: '{\n  "id": "fixture-call",\n  "initial": \n}', path: '(root)', message: 'not valid JSON at line 4, column 1: expected a value' },
  {
    name: 'duplicate key',
    text: '{\n  "id": "fixture-call",\n  "id": "other"\n}',
    path: '(root)',
    message: 'not valid JSON at line 3, column 3: the key "id" appears twice in one object',
  },
  { name: 'not an object', text: '[1, 2, 3]', path: '(root)', message: 'a scenario must be a JSON object, not a list' },
  {
    name: 'over 1 MB',
    text: asText({ ...fixtureScenario(), padding: ' '.repeat(1024 * 1024) }),
    path: '(root)',
    message: 'at most 1048576 (1 MB) is allowed',
  },
  broken('missing title', 'meta.title', 'is required', (d) => delete d.meta.title),
  broken('wrong format version', 'meta.format', 'must be exactly "frontline.scenario/1"', (d) => (d.meta.format = 'frontline.scenario/2')),
  broken('unknown channel', 'meta.channel', 'must be one of phone, chat, email, in-person', (d) => (d.meta.channel = 'fax')),
  broken('minutes as text', 'meta.minutes', 'must be a number, not string', (d) => (d.meta.minutes = '6')),
  broken('mood out of range', 'context.mood', 'must be at most 5', (d) => (d.context.mood = 9)),
  broken('misspelt key', 'states.greet.meta.naration', 'unknown key "naration" (did you mean "narration"?)', (d) => {
    d.states.greet.meta.naration = d.states.greet.meta.narration;
    delete d.states.greet.meta.narration;
  }),
  broken('HTML in a line', 'states.greet.meta.say', 'must be plain text, without HTML tags', (d) => (d.states.greet.meta.say = 'Hello <b>there</b>')),
  broken('state name with a dot', 'states["a.b"]', 'a state name is 1–64 letters', (d) => (d.states['a.b'] = d.states.won)),
  broken('unknown action', 'states.greet.on.listen.actions[0].type', 'unknown action "scor" (known: score, mood, remember)', (d) => {
    d.states.greet.on.listen.actions[0].type = 'scor';
  }),
  broken('unknown guard', 'states.check.always[0].guard.type', 'unknown guard "moodAbove"', (d) => {
    d.states.check.always[0].guard.type = 'moodAbove';
  }),
  broken('points out of range', 'states.greet.on.listen.actions[0].params.responsiveness', 'must be at most 3', (d) => {
    d.states.greet.on.listen.actions[0].params.responsiveness = 4;
  }),
  broken('score on a junction', 'states.check.always[0].actions[0]', 'a junction may only change mood or remember a flag', (d) => {
    d.states.check.always[0].actions = [{ type: 'score', params: { integrity: 1 } }];
  }),
  broken('unknown principle', 'states.greet.on.listen.actions[0].params.responsivness', 'unknown principle "responsivness" (did you mean "responsiveness"?)', (d) => {
    d.states.greet.on.listen.actions[0].params = { responsivness: 2 };
  }),
  broken('unknown listed principle', 'meta.principles[3]', 'unknown principle "honesty"', (d) => d.meta.principles.push('honesty')),
  broken('principle scored but not listed', 'states.greet.on.listen.actions[0].params.sincerity', 'principle "sincerity" is scored but not listed in meta.principles', (d) => {
    d.states.greet.on.listen.actions[0].params = { responsiveness: 2, sincerity: 1 };
  }),
  broken('target is not a state', 'states.greet.on.listen.target', 'no state "aks" (did you mean "ask"?)', (d) => (d.states.greet.on.listen.target = 'aks')),
  broken('initial is not a state', 'initial', 'no state "gret" (did you mean "greet"?)', (d) => (d.initial = 'gret')),
  broken('unreachable state', 'states.orphan', 'unreachable from the initial state "greet"', (d) => (d.states.orphan = { ...d.states.upset })),
  broken('decision with no way on', 'states.wrap.on', 'a decision needs at least one choice besides TIMEOUT', (d) => (d.states.wrap.on = {})),
  broken('junction without a last unguarded entry', 'states.check.always[1].guard', 'the last entry of a junction must have no guard', (d) => {
    d.states.check.always[1].guard = { type: 'moodBelow', params: { value: 0 } };
  }),
  broken('unguarded alternative before the last', 'states.wrap.on.close[0]', 'only the last alternative may be without a guard', (d) => {
    delete d.states.wrap.on.close[0].guard;
  }),
  broken('alternatives with different words', 'states.wrap.on.close[1].meta.choice', 'must be the same words as the first alternative', (d) => {
    d.states.wrap.on.close[1].meta.choice = 'Something else entirely.';
  }),
  broken('no choice open under some mood and flags', 'states.wrap.on', 'no choice is open when mood is 0 and no flags are set', (d) => {
    const promised = { type: 'remembered', params: { flag: 'promised' } };
    d.states.wrap.on = { close: d.states.wrap.on.close[0], chat: { ...d.states.wrap.on.chat, guard: promised } };
  }),
  broken('loop with no ending', 'states.upset', 'never reach an ending', (d) => {
    // "lost" stays reachable from wrap; upset only leads back to itself.
    d.states.upset.on.argue.target = 'upset';
    d.states.upset.on.apologise.target = 'upset';
    d.states.wrap.on['hang-up'] = { target: 'lost', meta: { choice: 'I have to go.', feedback: 'Abrupt.' } };
  }),
  broken('junction loop', 'states.check', 'junctions form a loop with no decision in it: check → check2 → check', (d) => {
    d.states.check.always[1].target = 'check2';
    d.states.check2 = { always: [{ guard: { type: 'moodBelow', params: { value: -9 } }, target: 'upset' }, { target: 'check' }] };
  }),
  broken('time limit without TIMEOUT', 'states.greet.meta.timeLimitSeconds', 'a time limit needs an on.TIMEOUT transition', (d) => delete d.states.greet.on.TIMEOUT),
  broken('TIMEOUT without time limit', 'states.greet.on.TIMEOUT', 'TIMEOUT needs meta.timeLimitSeconds', (d) => delete d.states.greet.meta.timeLimitSeconds),
  broken('time limit out of range', 'states.greet.meta.timeLimitSeconds', 'must be at least 5', (d) => (d.states.greet.meta.timeLimitSeconds = 2)),
  broken('no success ending', 'states', 'there is no ending with outcome "success"', (d) => (d.states.won.meta.outcome = 'partial')),
  broken('more than 200 states', 'states', 'has 208 states; at most 200 are allowed', (d) => {
    for (let i = 0; i < 200; i++) d.states[`extra-${i}`] = { type: 'final', meta: { outcome: 'partial', summary: 'x' } };
  }),
  broken('more than 6 choices', 'states.ask.on', 'has 7 choices; at most 6 are allowed', (d) => {
    for (let i = 0; i < 5; i++) d.states.ask.on[`more-${i}`] = { ...d.states.ask.on.bluff };
  }),
];

/** Files that are valid but earn a warning, with the warning expected. */
export const WARNED_SCENARIOS: BrokenScenario[] = [
  broken('choice without feedback', 'states.wrap.on.chat.meta', 'this choice has no feedback', (d) => delete d.states.wrap.on.chat.meta.feedback),
  broken('listed principle never scored', 'meta.principles[3]', 'principle "sincerity" is listed but no choice scores it', (d) => d.meta.principles.push('sincerity')),
  broken('state behind a guard that never passes', 'states.secret', 'reachable only through a guard that can never pass', (d) => {
    d.states.upset.on.bribe = {
      guard: { type: 'remembered', params: { flag: 'never-set' } },
      target: 'secret',
      meta: { choice: 'Here is a voucher.', feedback: 'Unreachable.' },
    };
    d.states.secret = { ...d.states.upset, on: { apologise: d.states.upset.on.apologise } };
  }),
];
