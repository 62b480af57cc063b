import type { ScenarioDocument } from '../document';
import { MAX_STATES, SCENARIO_FORMAT } from '../format';
import { SeededRandom } from '../../lib/seeded-random';

/**
 * A large valid scenario made from a seed, for benchmarks and the studio map's performance: ~200
 * states of every kind (decisions with 2–4 choices, some timed and some with guarded
 * alternatives, junctions on mood and flags, endings of each outcome) that passes the checker.
 *
 * Every transition points forward (to a state with a higher number), so there are no loops and
 * every path ends; every state has at least one way in from an earlier state, so all are reached.
 * Mood moves by at most one per choice and there are two flags, which keeps the checker's
 * configurations (state × mood × flags) in the thousands.
 */

const PRINCIPLES = ['responsiveness', 'sincerity', 'competence', 'integrity'] as const;
const FLAGS = ['promised-callback', 'offered-refund'] as const;
const OUTCOMES = ['success', 'partial', 'failure'] as const;

const CUSTOMER_LINES = [
  'I have been waiting for an answer for a week.',
  'Can you just tell me what is going on with my order?',
  'That is not what your colleague told me yesterday.',
  'I want to speak to someone who can actually help.',
  'Fine. What happens next?',
  'So you are saying it is my fault?',
  'How long is this going to take?',
  'I appreciate that, but I need it sorted today.',
];
const REPLIES = [
  'I understand. Let me look into it right now.',
  'Our policy does not allow that, I am afraid.',
  'Could you give me your reference number, please?',
  'I will call you back by four o’clock with an answer.',
  'That must have been frustrating. Tell me what happened.',
  'There is nothing more I can do.',
  'Let me check with my manager and come straight back to you.',
  'I can offer you a refund for the delivery charge.',
];

type Kind = 'decision' | 'junction' | 'ending';

export function generatedScenario(states = MAX_STATES, seed = 1): ScenarioDocument {
  if (!Number.isInteger(states) || states < 6 || states > MAX_STATES) throw new Error(`states must be a whole number from 6 to ${MAX_STATES}`);
  const random = new SeededRandom(seed);
  const endingCount = Math.max(3, Math.round(states / 10));
  const kinds: Kind[] = [];
  for (let i = 0; i < states; i++) {
    if (i >= states - endingCount) kinds.push('ending');
    // A junction every seventh state, never first nor right before the endings.
    else if (i > 0 && i % 7 === 3 && i < states - endingCount - 1) kinds.push('junction');
    else kinds.push('decision');
  }
  const nameOf = (i: number) => {
    const n = String(i).padStart(3, '0');
    if (i === 0) return 'opening';
    if (kinds[i] === 'junction') return `junction-${n}`;
    if (kinds[i] === 'ending') return `ending-${n}-${OUTCOMES[(i - (states - endingCount)) % OUTCOMES.length]}`;
    return `decision-${n}`;
  };
  const maxOut = (i: number) => (kinds[i] === 'junction' ? 3 : 4);

  // Every state after the first gets one way in from an earlier, nearby state that is not an ending.
  const required: number[][] = kinds.map(() => []);
  const lastOpen = states - endingCount - 1;
  for (let j = 1; j < states; j++) {
    const window = kinds[j] === 'ending' ? 24 : 4;
    const candidates: number[] = [];
    for (let i = Math.min(j - 1, lastOpen); i >= Math.max(0, j - window); i--) {
      if (kinds[i] !== 'ending' && required[i]!.length < maxOut(i)) candidates.push(i);
    }
    const parent = candidates.length ? random.pick(candidates) : Math.min(j - 1, lastOpen);
    required[parent]!.push(j);
  }

  const forwardTarget = (i: number) => nameOf(random.int(i + 1, Math.min(states - 1, i + 12)));
  const result: Record<string, unknown> = {};
  let decisionNumber = 0;

  for (let i = 0; i < states; i++) {
    const name = nameOf(i);
    if (kinds[i] === 'ending') {
      const outcome = OUTCOMES[(i - (states - endingCount)) % OUTCOMES.length]!;
      result[name] = {
        type: 'final',
        meta: { outcome, summary: `The conversation ended (${outcome}) at ${name}.`, say: outcome === 'failure' ? 'Forget it. I am going elsewhere.' : 'Thank you.' },
      };
      continue;
    }
    const targets = required[i]!.map(nameOf);
    if (kinds[i] === 'junction') {
      while (targets.length < 2) targets.push(forwardTarget(i));
      result[name] = {
        always: targets.map((target, index) => {
          if (index === targets.length - 1) return { target };
          const guard =
            index % 2 === 0
              ? { type: random.next() < 0.5 ? 'moodAtLeast' : 'moodBelow', params: { value: random.int(-2, 2) } }
              : { type: random.next() < 0.5 ? 'remembered' : 'notRemembered', params: { flag: random.pick(FLAGS) } };
          return { target, guard };
        }),
      };
      continue;
    }

    decisionNumber++;
    const choiceCount = Math.max(targets.length, random.int(2, 4));
    while (targets.length < choiceCount) targets.push(forwardTarget(i));
    const on: Record<string, unknown> = {};
    targets.forEach((target, index) => {
      const points: Record<string, number> = { [PRINCIPLES[(i + index) % PRINCIPLES.length]!]: random.int(-2, 3) };
      if (random.next() < 0.3) points[random.pick(PRINCIPLES)] = random.int(-1, 2);
      const actions: unknown[] = [{ type: 'score', params: points }];
      if (random.next() < 0.5) actions.push({ type: 'mood', params: { by: random.next() < 0.5 ? 1 : -1 } });
      if (random.next() < 0.15) actions.push({ type: 'remember', params: { flag: random.pick(FLAGS) } });
      const meta = { choice: `${random.pick(REPLIES)} (${name}, option ${index + 1})`, feedback: index === 0 ? 'A reasonable reply.' : 'Think about how this lands.' };
      const transition = { target, meta, actions };
      // Now and then a choice leads elsewhere when a promise was made: guarded alternatives.
      on[`reply-${index + 1}`] =
        index === 1 && random.next() < 0.2
          ? [{ target: forwardTarget(i), guard: { type: 'remembered', params: { flag: random.pick(FLAGS) } }, meta, actions }, transition]
          : transition;
    });
    const timed = decisionNumber % 5 === 0;
    if (timed) on.TIMEOUT = { target: forwardTarget(i), meta: { feedback: 'Silence reads as indifference.' }, actions: [{ type: 'score', params: { responsiveness: -2 } }] };
    result[name] = {
      meta: {
        say: random.pick(CUSTOMER_LINES),
        ...(random.next() < 0.3 ? { narration: `Step ${i} of the conversation.` } : {}),
        ...(timed ? { timeLimitSeconds: random.pick([15, 20, 30]) } : {}),
      },
      on,
    };
  }

  return {
    id: `generated-${states}-states`,
    initial: 'opening',
    context: { mood: 0 },
    meta: {
      format: SCENARIO_FORMAT,
      title: `Generated scenario with ${states} states`,
      summary: 'A large scenario generated for benchmarks: every kind of state, no story to speak of.',
      channel: 'chat',
      difficulty: 'advanced',
      minutes: 30,
      passPercent: 60,
      feedback: 'immediate',
      persona: { name: 'Generated Customer', role: 'Customer' },
      principles: [...PRINCIPLES],
    },
    states: result,
  } as unknown as ScenarioDocument;
}
