import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors';
import { handleForm, readBody } from './http';

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

describe('a route a plain form posts to', () => {
  const refuse = () => Promise.reject(new HttpError(403, 'bad-origin', 'This request came from <http://x>, which is not this site.'));
  it('answers a refused form with a page that says what happened, escaped', async () => {
    const form = new Request('http://frontline.test/api/x', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const response = await handleForm(form, refuse);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('This request came from &#60;http://x&#62;, which is not this site.');
    expect(html).toContain('<a href="/">Back to Frontline</a>');
  });

  it('still answers JSON to a script, and passes a success through', async () => {
    const json = new Request('http://frontline.test/api/x', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const refused = await handleForm(json, refuse);
    expect(await refused.json()).toMatchObject({ error: { code: 'bad-origin' } });
    const form = new Request('http://frontline.test/api/x', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await handleForm(form, async () => new Response(null, { status: 303, headers: { Location: '/play/1' } }))).headers.get('location')).toBe('/play/1');
  });

  it('keeps a refusal page the handler made itself (the LTI launch’s)', async () => {
    const form = new Request('http://frontline.test/api/x', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const own = await handleForm(form, async () => new Response('<p>The id_token has expired.</p>', { status: 401, headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
    expect(own.status).toBe(401);
    expect(await own.text()).toBe('<p>The id_token has expired.</p>');
  });
});
