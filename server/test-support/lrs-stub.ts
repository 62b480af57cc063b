import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateStatement } from './xapi-rules';

/**
 * A small Learning Record Store for tests: POST <url>/statements as xAPI 1.0.3 says a conforming
 * store answers it (xAPI-Communication §2.1.2), with what the tests need to make it misbehave.
 * - the X-Experience-API-Version header must be 1.0.x, and HTTP Basic credentials must match;
 * - the body must be an array of statements that keep the spec's rules (xapi-rules.ts); a batch
 *   with a broken statement, or with one id twice, is refused whole (400);
 * - a statement id it already holds with the same content changes nothing and is accepted; with
 *   different content the whole batch is refused with 409 Conflict and nothing is stored.
 */

export type Misbehaviour =
  | { status: number; retryAfter?: string; body?: string }
  /** Never answers. */
  | 'hang'
  /** Stores the statements, then drops the connection before answering: the sender cannot know. */
  | 'store-and-drop';

export interface StubRequest {
  status: number | 'dropped' | 'hung';
  ids: string[];
}

export interface LrsStub {
  /** The xAPI base URL, for FRONTLINE_LRS_ENDPOINT. */
  endpoint: string;
  key: string;
  secret: string;
  /** Statements held, by id. */
  statements: Map<string, unknown>;
  /** Every POST to /statements, in order. */
  requests: StubRequest[];
  /** The next n POSTs misbehave so. */
  misbehave(behaviour: Misbehaviour, times?: number): void;
  /** Answers slowly, so requests overlap. */
  delayMs: number;
  close(): Promise<void>;
}

/** Object keys sorted at every level: two statements are the same when these strings are. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

export async function startLrsStub(credentials = { key: 'frontline-key', secret: 'frontline-secret' }): Promise<LrsStub> {
  const statements = new Map<string, unknown>();
  const requests: StubRequest[] = [];
  const queue: Misbehaviour[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${credentials.key}:${credentials.secret}`).toString('base64')}`;

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (stub.delayMs) await new Promise((resolve) => setTimeout(resolve, stub.delayMs));
    const url = new URL(req.url ?? '/', 'http://stub');
    if (req.method !== 'POST' || url.pathname !== '/xapi/statements') return answer(res, 404, { message: 'Only POST /xapi/statements here.' });

    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    const batch = Array.isArray(body) ? (body as { id?: string }[]) : [];
    const ids = batch.map((s) => String(s?.id));
    const log = (status: StubRequest['status']) => requests.push({ status, ids });

    const misbehaviour = queue.shift();
    if (misbehaviour === 'hang') return log('hung');
    if (misbehaviour && misbehaviour !== 'store-and-drop') {
      log(misbehaviour.status);
      return answer(
        res,
        misbehaviour.status,
        misbehaviour.body ?? { message: 'The store is having a bad day.' },
        misbehaviour.retryAfter ? { 'Retry-After': misbehaviour.retryAfter } : {},
      );
    }

    const refuse = (status: number, message: string) => {
      log(status);
      answer(res, status, { message });
    };
    const version = req.headers['x-experience-api-version'];
    if (typeof version !== 'string' || !/^1\.0\.\d+$/.test(version)) return refuse(400, `X-Experience-API-Version must be 1.0.x, not ${String(version)}.`);
    if (req.headers.authorization !== expectedAuth) return refuse(401, 'Unknown key or wrong secret.');
    if (!String(req.headers['content-type']).startsWith('application/json')) return refuse(400, 'Content-Type must be application/json.');
    if (!Array.isArray(body) || !body.length) return refuse(400, 'The body must be a non-empty array of statements.');
    const problems = batch.flatMap((s, i) => validateStatement(s, { now: new Date() }).map((e) => `statement ${i}: ${e}`));
    if (problems.length) return refuse(400, problems.join('; '));
    if (new Set(ids).size !== ids.length) return refuse(400, 'A statement id appears twice in the batch.');
    const conflicting = batch.find((s) => statements.has(s.id!) && canonicalJson(statements.get(s.id!)) !== canonicalJson(s));
    if (conflicting) return refuse(409, `Statement ${conflicting.id} already exists with different content.`);

    for (const s of batch) if (!statements.has(s.id!)) statements.set(s.id!, s);
    if (misbehaviour === 'store-and-drop') {
      log('dropped');
      return req.socket.destroy();
    }
    log(200);
    answer(res, 200, ids);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stub: LrsStub = {
    endpoint: `http://127.0.0.1:${port}/xapi`,
    ...credentials,
    statements,
    requests,
    delayMs: 0,
    misbehave(behaviour, times = 1) {
      for (let i = 0; i < times; i++) queue.push(behaviour);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return stub;
}

/** A port nothing listens on: connecting is refused. */
export async function refusedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/xapi`;
}
