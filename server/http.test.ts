import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors';
import { readBody } from './http';

const schema = z.strictObject({ name: z.string().max(100), tags: z.array(z.string()).optional() });
const request = (body: string, type = 'application/json') => new Request('http://frontline.test/api/x', { method: 'POST', body, headers: { 'content-type': type } });
const refusal = (r: Request) =>
  readBody(r, schema).then(
    () => null,
    (e: HttpError) => ({ status: e.status, code: e.code, details: e.details }),
  );

describe('reading a request body', () => {
  it('refuses text the database cannot store with 400, naming the field, in JSON and in forms', async () => {
    expect(await refusal(request(JSON.stringify({ name: 'a\u0000b' })))).toEqual({
      status: 400,
      code: 'invalid',
      details: [{ path: 'name', message: 'has a NUL character at position 2, which cannot be stored' }],
    });
    expect(await refusal(request('{"name":"ok","tags":["x","\\ud800"]}'))).toMatchObject({ status: 400, details: [{ path: 'tags.1' }] });
    expect(await refusal(request('name=a%00b', 'application/x-www-form-urlencoded'))).toMatchObject({ status: 400, details: [{ path: 'name' }] });
  });

  it('still reads good text, and still says what the schema refuses', async () => {
    await expect(readBody(request(JSON.stringify({ name: 'Zoë 😀' })), schema)).resolves.toEqual({ name: 'Zoë 😀' });
    expect(await refusal(request(JSON.stringify({ name: 5 })))).toMatchObject({ status: 400, details: [{ path: 'name' }] });
  });
});
