import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRevision, restoreRevision, saveDraft } from './requests';

const current = { revision: 4, source: '{}', updatedAt: '2025-03-01T10:05:00.000Z', updatedBy: 'Robin Trainer' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const conflict = json(409, { error: { code: 'draft-conflict', message: 'Robin Trainer saved a newer revision (4).', details: { keptAs: 5, current } } });

function answer(response: Response | Error) {
  const fetch = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the draft requests', () => {
  const save = { scenarioId: 'late delivery', source: '{"id":"x"}', baseRevision: 3 };

  it('a save names the revision it was made on', async () => {
    const fetch = answer(json(200, { status: 'saved', revision: 4, savedAt: '2025-03-01T10:04:00.000Z' }));
    expect(await saveDraft(save)).toEqual({ kind: 'saved', revision: 4, savedAt: '2025-03-01T10:04:00.000Z' });
    expect(fetch).toHaveBeenCalledWith(
      '/api/author/scenarios/late%20delivery/draft',
      expect.objectContaining({ method: 'PUT', body: JSON.stringify({ source: save.source, baseRevision: 3 }) }),
    );
  });

  it('a failed save is retried when the network or the server failed, and not when it was refused', async () => {
    answer(new TypeError('Failed to fetch'));
    expect(await saveDraft(save)).toEqual({ kind: 'retry' });
    answer(json(503, { error: { code: 'database-unavailable' } }));
    expect(await saveDraft(save)).toEqual({ kind: 'retry' });
    answer(conflict.clone());
    expect(await saveDraft(save)).toEqual({ kind: 'conflict', keptAs: 5, current, message: 'Robin Trainer saved a newer revision (4).' });
    answer(json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }));
    expect(await saveDraft(save)).toEqual({
      kind: 'failed',
      signedOut: true,
      message: 'your session has ended. Sign in again in another tab; your edits are kept in this browser.',
    });
    answer(json(413, { error: { code: 'too-large', message: 'The draft is larger than 2 MB.' } }));
    expect(await saveDraft(save)).toEqual({ kind: 'failed', signedOut: false, message: 'The draft is larger than 2 MB.' });
    answer(new Response('no', { status: 403 }));
    expect(await saveDraft(save)).toEqual({ kind: 'failed', signedOut: false, message: 'the server answered 403.' });
  });

  it('a restore says why it did not happen', async () => {
    const restore = { scenarioId: 'x', revision: 2, baseRevision: 4 };
    answer(json(201, { revision: 6, savedAt: '2025-03-01T10:06:00.000Z' }));
    expect(await restoreRevision(restore)).toEqual({ kind: 'saved', revision: 6, savedAt: '2025-03-01T10:06:00.000Z' });
    answer(conflict.clone());
    expect(await restoreRevision(restore)).toMatchObject({ kind: 'conflict', keptAs: 5 });
    answer(new TypeError('Failed to fetch'));
    expect(await restoreRevision(restore)).toEqual({ kind: 'failed', message: 'Could not reach the server. Nothing was restored; try again when the connection is back.' });
    answer(json(500, {}));
    expect(await restoreRevision(restore)).toEqual({ kind: 'failed', message: 'The server answered 500.' });
  });

  it('reading a revision fails loudly, for the machine to say so', async () => {
    answer(json(200, { revision: 2, source: '{"id":"x"}' }));
    expect(await readRevision({ scenarioId: 'x', revision: 2 })).toBe('{"id":"x"}');
    answer(json(404, {}));
    await expect(readRevision({ scenarioId: 'x', revision: 2 })).rejects.toThrow();
  });
});
