/** What the people pages need from an API answer: the data, or a message to show. */
export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  data: T | null;
  message: string | null;
}

/** Sends a JSON request to Frontline's API and turns any failure into a sentence. */
export async function sendJson<T>(url: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', body?: unknown): Promise<ApiAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, data: null, message: 'Could not reach the server. Check your connection and try again; nothing was changed.' };
  }
  const data = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (response.ok) return { ok: true, status: response.status, data, message: null };
  const message =
    response.status === 401
      ? 'Your session has ended. Sign in again, then try once more.'
      : (data?.error?.message ?? `Something went wrong (the server answered ${response.status}). Nothing was changed.`);
  return { ok: false, status: response.status, data, message };
}
