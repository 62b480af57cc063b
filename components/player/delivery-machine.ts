import { assign, fromPromise, setup } from 'xstate';

/**
 * How both players deliver the trainee's replies to the server: one at a time, in order, each until
 * the server answers it, kept in this tab's storage until then so a reload sends it again. When the
 * server says the player is out of step (a refused reply, or an answer the player's view does not
 * match), the machine fetches the server's view and hands it to the player.
 *
 * What the players do with an answer, a replayed reply or the server's view differs, and is given
 * as actions (`answered`, `replay`, `showServerView`) with `.provide()`.
 */

/** Why sending is being retried: the server cannot be reached, or it cannot reach its database. */
export type RetryCause = 'network' | 'database';

/**
 * A reply as the server takes it: the decision it answers, and the choice by key (coaching) or by
 * the position shown (assessments); with the trainee's own words when they typed it.
 */
export type OutgoingReply = { seq: number; event: string; typed?: string } | { seq: number; option: number; typed?: string };

export const FIRST_RETRY_DELAY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 10_000;

/** The pause after `failures` failed tries in a row: 1 s, 2 s, 4 s … at most 10 s. */
export const retryDelayMs = (failures: number): number => Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);

/** Where unsent replies are kept over a reload or a closed tab. */
export const pendingKey = (attemptId: string) => `frontline:pending:${attemptId}`;

export const MOVED_ON = 'This attempt moved on in another window. Showing where it stands now.';
export const NOT_USED = 'Your reply could not be used here. Showing where the conversation stands now.';

/** What became of one POST of a reply. A network failure rejects instead. */
export type PostOutcome =
  | { kind: 'answered'; answer: unknown }
  /** Refused (a 4xx other than 401): the notice says why, from the 409 conflict's reason. */
  | { kind: 'refused'; notice: string }
  | { kind: 'signed-out' }
  /** A server error: worth another try. */
  | { kind: 'unavailable'; cause: RetryCause };

export interface PostInput {
  attemptId: string;
  reply: OutgoingReply;
}

export async function postReply({ attemptId, reply }: PostInput): Promise<PostOutcome> {
  const response = await fetch(`/api/attempts/${attemptId}/choices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
  if (response.status === 401) return { kind: 'signed-out' };
  if (response.ok) return { kind: 'answered', answer: await response.json() };
  if (response.status < 500) {
    const conflict = response.status === 409 ? ((await response.json().catch(() => null)) as { status?: string; reason?: string } | null) : null;
    return { kind: 'refused', notice: conflict?.status === 'conflict' && conflict.reason === 'stale' ? MOVED_ON : NOT_USED };
  }
  // 503 database-unavailable: the server is up, its database is not (yet).
  const error = response.status === 503 ? ((await response.json().catch(() => null)) as { error?: { code?: string } } | null) : null;
  return { kind: 'unavailable', cause: error?.error?.code === 'database-unavailable' ? 'database' : 'network' };
}

export type ViewOutcome = { kind: 'view'; view: unknown } | { kind: 'signed-out' };

/** The server's view of the attempt; rejects when it does not come, so it is asked again. */
export async function fetchServerView({ attemptId }: { attemptId: string }): Promise<ViewOutcome> {
  const response = await fetch(`/api/attempts/${attemptId}`, { cache: 'no-store' });
  if (response.status === 401) return { kind: 'signed-out' };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { kind: 'view', view: await response.json() };
}

const isReply = (value: unknown): value is OutgoingReply => {
  if (typeof value !== 'object' || value === null) return false;
  const { seq, event, option, typed } = value as Record<string, unknown>;
  return Number.isInteger(seq) && (seq as number) >= 0 && (typeof event === 'string') !== Number.isInteger(option) && (typed === undefined || typeof typed === 'string');
};

/** The replies kept in storage for this attempt; none when there are none or they cannot be read. */
export function readStoredReplies(attemptId: string): OutgoingReply[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(pendingKey(attemptId)) ?? '[]');
    return Array.isArray(stored) ? stored.filter(isReply) : [];
  } catch {
    return [];
  }
}

function writeStoredReplies(attemptId: string, queue: readonly OutgoingReply[]): void {
  try {
    if (queue.length) sessionStorage.setItem(pendingKey(attemptId), JSON.stringify(queue));
    else sessionStorage.removeItem(pendingKey(attemptId));
  } catch {
    // Storage full or refused: the reply is still sent, it only does not outlive this page.
  }
}

/**
 * The kept replies still to send: those from the server's step on, one per decision, in order.
 * Earlier ones are in the server's record already; one after a gap could not be applied.
 */
export function repliesToResend(stored: readonly OutgoingReply[], serverStep: number): OutgoingReply[] {
  const bySeq = new Map(stored.map((reply) => [reply.seq, reply]));
  const kept: OutgoingReply[] = [];
  for (let seq = serverStep; bySeq.has(seq); seq++) kept.push(bySeq.get(seq)!);
  return kept;
}

export interface DeliveryInput {
  attemptId: string;
  /** Decisions the server had recorded when the page was made. */
  serverStep: number;
}

export interface DeliveryContext extends DeliveryInput {
  /** Replies not yet answered, oldest first; the first is the one on its way. */
  queue: OutgoingReply[];
  /** The newest decision a reply was queued for: a second reply to it (a double press) is not sent. */
  lastSeq: number;
  /** Failed tries in a row, which set the next pause. */
  failures: number;
  /** Shown to the trainee while sending is retried: when the next try starts and why. */
  retry: { retryAt: number; cause: RetryCause } | null;
  /** What to tell the trainee once the server's view is shown. */
  notice: string;
}

export type DeliveryEvent =
  /** A reply to send. */
  | { type: 'send'; reply: OutgoingReply }
  /** The player is out of step with the server: drop what is queued and show the server's view. */
  | { type: 'resync'; notice: string };

export const deliveryMachine = setup({
  types: {} as { context: DeliveryContext; events: DeliveryEvent; input: DeliveryInput },
  actors: {
    readStored: fromPromise<OutgoingReply[], { attemptId: string }>(async ({ input }) => readStoredReplies(input.attemptId)),
    post: fromPromise<PostOutcome, PostInput>(({ input }) => postReply(input)),
    fetchView: fromPromise<ViewOutcome, { attemptId: string }>(({ input }) => fetchServerView(input)),
  },
  actions: {
    /** The server answered the first reply queued; `reconnected` when sending had been retried. */
    answered: (_, _params: { answer: unknown; reconnected: boolean }) => {},
    /** Replies an earlier page made and never got answered, about to be sent again: show them. */
    replay: (_, _params: { replies: OutgoingReply[] }) => {},
    /** The server's view, and what to tell the trainee about it. */
    showServerView: (_, _params: { view: unknown; notice: string }) => {},
    /**
     * Keeps the queue in this tab's storage. Written just after the request leaves (storage is
     * slow on a slow device), as the queue stands then.
     */
    storePending: ({ self }) => {
      setTimeout(() => {
        const { attemptId, queue } = self.getSnapshot().context;
        writeStoredReplies(attemptId, queue);
      }, 0);
    },
    /** The session ended: sign in again and come back to this attempt. Unsent replies stay kept. */
    goToSignIn: ({ context }) => {
      // A full load: nothing of the signed-in pages stays in the router's cache.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/login?from=${encodeURIComponent(`/play/${context.attemptId}`)}`);
    },
    enqueue: assign(({ context, event }) => {
      if (event.type !== 'send') return {};
      return { queue: [...context.queue, event.reply], lastSeq: event.reply.seq };
    }),
    dequeue: assign({ queue: ({ context }) => context.queue.slice(1) }),
    dropQueue: assign({ queue: [] }),
    failed: assign(({ context }, params: { cause: RetryCause }) => {
      const failures = context.failures + 1;
      return { failures, retry: { retryAt: Date.now() + retryDelayMs(failures), cause: params.cause } };
    }),
    connected: assign({ failures: 0, retry: null }),
  },
  guards: {
    isNewDecision: ({ context, event }) => event.type === 'send' && event.reply.seq > context.lastSeq,
    queueEmpty: ({ context }) => context.queue.length === 0,
  },
  delays: {
    retryDelay: ({ context }) => retryDelayMs(context.failures),
  },
}).createMachine({
  id: 'delivery',
  context: ({ input }) => ({ ...input, queue: [], lastSeq: -1, failures: 0, retry: null, notice: NOT_USED }),
  initial: 'restoring',
  on: {
    send: { guard: 'isNewDecision', actions: ['enqueue', 'storePending'] },
    resync: {
      target: '.resyncing',
      actions: ['dropQueue', 'storePending', assign({ notice: ({ event }) => event.notice, failures: 0 })],
    },
  },
  states: {
    /** Reads the replies an earlier page kept, and sends again those the server has not recorded. */
    restoring: {
      invoke: {
        id: 'readStored',
        src: 'readStored',
        input: ({ context }) => ({ attemptId: context.attemptId }),
        onDone: {
          target: 'next',
          actions: [
            assign(({ context, event }) => {
              const kept = repliesToResend(event.output, context.serverStep);
              const last = kept.at(-1)?.seq ?? -1;
              // A reply made while reading (there is hardly time for one) goes after them.
              const queue = [...kept, ...context.queue.filter((reply) => reply.seq > last)];
              return { queue, lastSeq: Math.max(context.lastSeq, last) };
            }),
            { type: 'replay', params: ({ context }) => ({ replies: context.queue }) },
            'storePending',
          ],
        },
      },
    },
    next: {
      always: [{ guard: 'queueEmpty', target: 'idle' }, { target: 'sending' }],
    },
    idle: {
      on: {
        send: { guard: 'isNewDecision', target: 'sending', actions: ['enqueue', 'storePending'] },
      },
    },
    /** The first reply queued is on its way. */
    sending: {
      invoke: {
        id: 'post',
        src: 'post',
        input: ({ context }) => ({ attemptId: context.attemptId, reply: context.queue[0]! }),
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'answered',
            target: 'next',
            actions: [
              {
                type: 'answered',
                params: ({ context, event }) => ({ answer: event.output.kind === 'answered' ? event.output.answer : null, reconnected: context.retry !== null }),
              },
              'dequeue',
              'storePending',
              'connected',
            ],
          },
          { guard: ({ event }) => event.output.kind === 'signed-out', target: 'signedOut' },
          {
            guard: ({ event }) => event.output.kind === 'refused',
            target: 'resyncing',
            // What was queued after it was made on a view the server does not share.
            actions: ['dropQueue', 'storePending', assign({ notice: ({ event }) => (event.output.kind === 'refused' ? event.output.notice : NOT_USED), failures: 0 })],
          },
          {
            target: 'waiting',
            actions: { type: 'failed', params: ({ event }) => ({ cause: event.output.kind === 'unavailable' ? event.output.cause : 'network' }) },
          },
        ],
        onError: { target: 'waiting', actions: { type: 'failed', params: { cause: 'network' } } },
      },
    },
    /** A pause before the reply is sent again. */
    waiting: {
      after: { retryDelay: 'sending' },
    },
    /** Out of step with the server: fetching its view, again and again until it comes. */
    resyncing: {
      initial: 'fetching',
      on: {
        // A reply made on a view the server does not share is not sent; the server's view replaces it.
        send: {},
      },
      states: {
        fetching: {
          invoke: {
            id: 'fetchView',
            src: 'fetchView',
            input: ({ context }) => ({ attemptId: context.attemptId }),
            onDone: [
              { guard: ({ event }) => event.output.kind === 'signed-out', target: '#delivery.signedOut' },
              {
                target: '#delivery.idle',
                actions: [
                  { type: 'showServerView', params: ({ context, event }) => ({ view: event.output.kind === 'view' ? event.output.view : null, notice: context.notice }) },
                  // A reply to any decision of the server's view may be sent now.
                  assign({ lastSeq: -1, failures: 0, retry: null }),
                ],
              },
            ],
            onError: { target: 'waiting', actions: assign({ failures: ({ context }) => context.failures + 1 }) },
          },
        },
        waiting: {
          after: { retryDelay: 'fetching' },
        },
      },
    },
    signedOut: {
      type: 'final',
      entry: 'goToSignIn',
    },
  },
});

export type DeliveryMachine = typeof deliveryMachine;
