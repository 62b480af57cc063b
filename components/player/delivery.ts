/**
 * Sending one reply until the server answers it, for both players: network failures and server
 * errors are retried with growing pauses, and the player is told why it waits.
 */
export type RetryCause = 'network' | 'database';

export const MAX_RETRY_DELAY_MS = 10_000;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where an unsent reply is kept over a reload or a closed tab. */
export const pendingKey = (attemptId: string) => `frontline:pending:${attemptId}`;

export type Delivery<Reply> =
  | { kind: 'answered'; reply: Reply }
  /** The server refused it (4xx other than 401): the body when it was a 409 conflict. */
  | { kind: 'refused'; status: number; conflict: unknown }
  | { kind: 'signed-out' };

/**
 * POSTs the body until the server answers it. `onRetry` hears each failed try with its cause and
 * when the next one starts.
 */
export async function deliverUntilAnswered<Reply>(url: string, body: unknown, onRetry: (retryAt: number, cause: RetryCause) => void): Promise<Delivery<Reply>> {
  let delay = 1000;
  for (;;) {
    let cause: RetryCause = 'network';
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status === 401) return { kind: 'signed-out' };
      if (response.ok) return { kind: 'answered', reply: (await response.json()) as Reply };
      if (response.status < 500) {
        const conflict = response.status === 409 ? await response.json().catch(() => null) : null;
        return { kind: 'refused', status: response.status, conflict };
      }
      // 503 database-unavailable: the server is up, its database is not (yet).
      const error = response.status === 503 ? ((await response.json().catch(() => null)) as { error?: { code?: string } } | null) : null;
      if (error?.error?.code === 'database-unavailable') cause = 'database';
    } catch {
      cause = 'network';
    }
    onRetry(Date.now() + delay, cause);
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
  }
}
