import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../platform/errors';
import { readBody } from '../platform/http';

/** How every route handler reads its body; e2e/drills-bodies.spec.ts sends the bad bodies to the running server. */

const schema = z.strictObject({ name: z.string() });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as HttpError,
  );

/** A body that arrives in chunks with no declared length, counting how many chunks were pulled. */
function streamed(chunks: number, chunkBytes: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
  return { request: new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit), pulled: () => pulled };
}

describe('request bodies', () => {
  it('a declared length over the limit is refused before any of it is read', async () => {
    const body = new ReadableStream({
      pull: () => {
        throw new Error('the body was read');
      },
    });
    const request = new Request('http://x/', { method: 'POST', body, headers: { 'content-length': String(16 * 1024 + 1) }, duplex: 'half' } as RequestInit);
    expect(await refusal(readBody(request, schema))).toMatchObject({ status: 413, code: 'too-large', message: 'The request body is over 16384 bytes.' });
  });

  it('a body without a declared length stops being read at the limit', async () => {
    const { request, pulled } = streamed(1_000, 1024);
    expect(await refusal(readBody(request, schema))).toMatchObject({ status: 413 });
    expect(pulled()).toBeLessThanOrEqual(18);
  });

  it('counts bytes, not characters', async () => {
    const request = (text: string) => new Request('http://x/', { method: 'POST', body: JSON.stringify({ name: text }) });
    expect(await readBody(request('é'.repeat(8_000)), schema)).toEqual({ name: 'é'.repeat(8_000) });
    expect(await refusal(readBody(request('é'.repeat(8_200)), schema))).toMatchObject({ status: 413 });
  });

  it('malformed JSON, wrong types and unknown fields are 400s that say what and where', async () => {
    const request = (text: string) => new Request('http://x/', { method: 'POST', body: text });
    expect(await refusal(readBody(request('{"name":'), schema))).toMatchObject({ status: 400, code: 'bad-json', message: 'The request body is not valid JSON.' });
    expect(await refusal(readBody(request('{"name":1}'), schema))).toMatchObject({ status: 400, code: 'invalid', message: expect.stringMatching(/^Invalid request: name: /) });
    expect(await refusal(readBody(request('{"name":"a","admin":true}'), schema))).toMatchObject({ status: 400, message: expect.stringContaining('admin') });
    expect(await refusal(readBody(request(''), schema))).toMatchObject({ status: 400, code: 'bad-json' });
  });
});
