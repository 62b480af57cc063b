/**
 * The studio's draft routes as the autosave calls them: each answer becomes an outcome the machine
 * acts on. Only a reply that cannot be read throws (the machine treats that as a network failure).
 */

export interface DraftHead {
  revision: number;
  source: string;
  updatedAt: string;
  updatedBy: string;
}

/** A save refused because someone else saved first; the refused text is kept as revision `keptAs`. */
export interface Conflicted {
  kind: 'conflict';
  keptAs: number;
  current: DraftHead;
  message: string;
}

export type SaveOutcome =
  | { kind: 'saved'; revision: number; savedAt: string }
  /** The network or the server failed: try again later. */
  | { kind: 'retry' }
  | Conflicted
  /** Refused for good (signed out, too large, not allowed): trying again will not help. */
  | { kind: 'failed'; message: string; signedOut: boolean };

export type RestoreOutcome = { kind: 'saved'; revision: number; savedAt: string } | Conflicted | { kind: 'failed'; message: string };

export interface SaveRequest {
  scenarioId: string;
  source: string;
  baseRevision: number;
}

/** Makes revision `revision` the draft again, as a new revision on top of `baseRevision`. */
export interface RestoreRequest {
  scenarioId: string;
  revision: number;
  baseRevision: number;
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

interface SaveReply {
  revision: number;
  savedAt: string;
}

const scenarioUrl = (scenarioId: string) => `/api/author/scenarios/${encodeURIComponent(scenarioId)}`;

async function send(url: string, method: 'PUT' | 'POST', body: unknown): Promise<Response | null> {
  return fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
}

async function saved(response: Response) {
  const reply = (await response.json()) as SaveReply;
  return { kind: 'saved' as const, revision: reply.revision, savedAt: reply.savedAt };
}

/** The error body of a refused request, and the conflict it reports, if it is one. */
async function refusal(response: Response): Promise<{ body: ErrorBody; conflict: Conflicted | null }> {
  const body = ((await response.json().catch(() => null)) ?? {}) as ErrorBody;
  if (response.status !== 409 || body.error?.code !== 'draft-conflict') return { body, conflict: null };
  const details = body.error.details as { keptAs: number; current: DraftHead };
  return { body, conflict: { kind: 'conflict', keptAs: details.keptAs, current: details.current, message: body.error.message ?? '' } };
}

export async function saveDraft({ scenarioId, source, baseRevision }: SaveRequest): Promise<SaveOutcome> {
  const response = await send(`${scenarioUrl(scenarioId)}/draft`, 'PUT', { source, baseRevision });
  if (!response || response.status >= 500) return { kind: 'retry' };
  if (response.ok) return saved(response);
  const { body, conflict } = await refusal(response);
  if (conflict) return conflict;
  const signedOut = response.status === 401;
  return {
    kind: 'failed',
    signedOut,
    message: signedOut
      ? 'your session has ended. Sign in again in another tab; your edits are kept in this browser.'
      : (body.error?.message ?? `the server answered ${response.status}.`),
  };
}

export async function restoreRevision({ scenarioId, revision, baseRevision }: RestoreRequest): Promise<RestoreOutcome> {
  const unreachable = { kind: 'failed', message: 'Could not reach the server. Nothing was restored; try again when the connection is back.' } as const;
  const response = await send(`${scenarioUrl(scenarioId)}/revisions/${revision}/restore`, 'POST', { baseRevision });
  if (!response) return unreachable;
  if (response.ok) return saved(response).catch(() => unreachable);
  const { body, conflict } = await refusal(response);
  return conflict ?? { kind: 'failed', message: body.error?.message ?? `The server answered ${response.status}.` };
}

/** The text of an earlier revision. */
export async function readRevision({ scenarioId, revision }: Omit<RestoreRequest, 'baseRevision'>): Promise<string> {
  const response = await fetch(`${scenarioUrl(scenarioId)}/revisions/${revision}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`revision ${revision}: ${response.status}`);
  return ((await response.json()) as { source: string }).source;
}
