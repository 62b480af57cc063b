import type { ScenarioDocument } from '../schema';

/**
 * A small scenario that uses every part of the format: a timer, guarded alternatives, a junction
 * on mood, a remembered promise and a guard that reads it. Its scores are worked out by hand in
 * checker.test.ts. Small on purpose, so it teaches less than a real one should: it passes in
 * three decisions and a time-out can still reach its success ending below the pass mark, and
 * the checker says so (`FIXTURE_WARNINGS`).
 */
export function fixtureScenario(): ScenarioDocument {
  return {
    $schema: '../public/scenario.schema.json',
    id: 'fixture-call',
    initial: 'greet',
    context: { mood: 0 },
    meta: {
      format: 'frontline.scenario/1',
      title: 'Fixture call',
      summary: 'A short call used by the tests.',
      channel: 'phone',
      difficulty: 'intro',
      minutes: 2,
      passPercent: 60,
      feedback: 'immediate',
      persona: { name: 'Sam Test', role: 'Customer' },
      principles: ['responsiveness', 'integrity', 'follow-through'],
    },
    states: {
      greet: {
        meta: { say: 'Hello? Anyone there?', narration: 'The line opens.', timeLimitSeconds: 10 },
        on: {
          listen: {
            target: 'ask',
            meta: { choice: 'Hi, I am here. What happened?', feedback: 'Prompt and open.' },
            actions: [
              { type: 'score', params: { responsiveness: 2 } },
              { type: 'mood', params: { by: 1 } },
            ],
          },
          rush: {
            target: 'ask',
            meta: { choice: 'Account number, please.', feedback: 'Cold.' },
            actions: [
              { type: 'score', params: { responsiveness: -1 } },
              { type: 'mood', params: { by: -2 } },
            ],
          },
          TIMEOUT: {
            target: 'ask',
            meta: { feedback: 'Silence.' },
            actions: [{ type: 'score', params: { responsiveness: -2 } }],
          },
        },
      },
      ask: {
        meta: { say: ['My order never came.', 'When will it arrive?'] },
        on: {
          promise: {
            target: 'check',
            meta: { choice: 'I do not know yet; I will find out and call you by 3 pm.', feedback: 'Honest and specific.' },
            actions: [
              { type: 'score', params: { integrity: 2, 'follow-through': 1 } },
              { type: 'remember', params: { flag: 'promised' } },
            ],
          },
          bluff: {
            target: 'check',
            meta: { choice: 'It will be there tomorrow, it is out with the courier now.', feedback: 'A guess dressed as a fact.' },
            actions: [
              { type: 'score', params: { integrity: -2 } },
              { type: 'mood', params: { by: -1 } },
            ],
          },
        },
      },
      check: {
        always: [{ guard: { type: 'moodAtLeast', params: { value: 0 } }, target: 'wrap' }, { target: 'upset' }],
      },
      upset: {
        meta: { say: 'This is ridiculous.' },
        on: {
          argue: {
            target: 'lost',
            meta: { choice: 'That is not my fault, the courier lost it.', feedback: 'Defensive.' },
            actions: [{ type: 'score', params: { integrity: -3 } }],
          },
          apologise: {
            target: 'wrap',
            meta: { choice: 'You are right, and I am sorry.', feedback: 'Owns it.' },
            actions: [
              { type: 'score', params: { integrity: 1 } },
              { type: 'mood', params: { by: 2 } },
            ],
          },
        },
      },
      wrap: {
        meta: { say: 'So what now?' },
        on: {
          close: [
            {
              guard: { type: 'remembered', params: { flag: 'promised' } },
              target: 'won',
              meta: { choice: 'I will call you at 3 pm as promised.', feedback: 'Keeps the promise.' },
              actions: [{ type: 'score', params: { 'follow-through': 2 } }],
            },
            {
              target: 'partial',
              meta: { choice: 'I will call you at 3 pm as promised.', feedback: 'There was no promise to keep.' },
              actions: [{ type: 'score', params: { 'follow-through': -1 } }],
            },
          ],
          chat: { target: 'partial', meta: { choice: 'Is there anything else I can help with?', feedback: 'Leaves it open.' } },
        },
      },
      won: { type: 'final', meta: { outcome: 'success', summary: 'Sorted.', say: 'Thanks!' } },
      partial: { type: 'final', meta: { outcome: 'partial', summary: 'Half sorted.' } },
      lost: { type: 'final', meta: { outcome: 'failure', summary: 'Hung up.' } },
    },
  } as ScenarioDocument;
}

/** A scenario with a loop: asking again lowers mood until it bottoms out and repeats itself. */
export function loopingScenario(): ScenarioDocument {
  const doc = fixtureScenario();
  doc.id = 'fixture-loop';
  doc.states.ask = {
    meta: { say: 'Well?' },
    on: {
      'ask-again': {
        target: 'ask',
        meta: { choice: 'Sorry, could you say that again?', feedback: 'Making them repeat themselves costs patience.' },
        actions: [
          { type: 'score', params: { responsiveness: -1 } },
          { type: 'mood', params: { by: -2 } },
        ],
      },
      promise: {
        target: 'check',
        meta: { choice: 'I will find out and call you by 3 pm.', feedback: 'Honest and specific.' },
        actions: [
          { type: 'score', params: { integrity: 2, 'follow-through': 1 } },
          { type: 'remember', params: { flag: 'promised' } },
        ],
      },
    },
  };
  return doc;
}

/** The design warnings the fixture is known to raise, and why (see fixtureScenario). */
export const FIXTURE_WARNINGS = [
  { code: 'short-to-pass', path: 'meta' },
  { code: 'success-below-pass', path: 'states.won' },
] as const;

export const asText = (doc: unknown) => JSON.stringify(doc, null, 2);
