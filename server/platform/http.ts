import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { ScenarioNotFoundError } from '../training/attempts';
import { isDatabaseUnavailable } from '../db/client';
import { DatabaseUnavailableError, HttpError } from './errors';
import { parseBody } from './parse-body';
import { isOwnOrigin, publicOrigin } from './site-origin';

export const jsonError = (status: number, code: string, message: string, details?: unknown) =>
  NextResponse.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status, headers: { 'Cache-Control': 'no-store' } });

/** A state-changing request must come from this site: a missing or foreign Origin is refused, saying which. */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (isOwnOrigin(origin, request)) return;
  const site = publicOrigin(request);
  throw new HttpError(
    403,
    'bad-origin',
    origin
      ? `This request came from ${origin.slice(0, 100)}, which is not this site's address (${site}). Open Frontline at ${site} and try again.`
      : 'This request did not say which site it came from, so it was refused. Use Frontline in a browser at its own address.',
  );
}

/**
 * The body as text, at most maxBytes of it: a declared length over the limit is refused unread, and
 * reading stops at the limit, so an oversized body is never held in memory whole.
 */
async function readText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new HttpError(413, 'too-large', `The request body is over ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The largest body a route reads unless it declares more. */
export const BODY_LIMIT = 16 * 1024;

/** Whether the request is a plain HTML form's post (a redirect answers it, and a refusal is a page). */
export const postedByForm = (request: Request) => (request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded');

/** Reads and validates a JSON (or form) body. */
export async function readBody<T extends z.ZodType>(request: Request, schema: T, maxBytes = BODY_LIMIT): Promise<z.output<T>> {
  const text = await readText(request, maxBytes);
  let value: unknown;
  if (postedByForm(request)) value = Object.fromEntries(new URLSearchParams(text));
  else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'bad-json', 'The request body is not valid JSON.');
    }
  }
  return parseBody(schema, value);
}

/** 503 with Retry-After: the database is down, and the client should try again shortly. */
function databaseUnavailable(): Response {
  const error = new DatabaseUnavailableError();
  const response = jsonError(error.status, error.code, error.message);
  response.headers.set('Retry-After', String(DatabaseUnavailableError.RETRY_AFTER_SECONDS));
  return response;
}

/** The driver's own words: Drizzle wraps them in an error that carries the whole query. */
function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * As `handle`, for a route that a plain HTML form posts to: a refusal of the form is a short page
 * that says what happened in words, not JSON the browser would show as code.
 */
export async function handleForm(request: Request, run: () => Promise<Response>): Promise<Response> {
  const response = await handle(run);
  // A handler that answered with a page of its own (the LTI endpoints) keeps it.
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  if (!postedByForm(request) || response.status < 400 || !isJson) return response;
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  const message = body?.error?.message ?? 'The request could not be completed.';
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not done · Frontline</title></head><body><main><h1>That did not work</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to Frontline</a></p></main></body></html>`;
  const retryAfter = response.headers.get('Retry-After');
  return new Response(page, {
    status: response.status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...(retryAfter ? { 'Retry-After': retryAfter } : {}) },
  });
}

/** Runs a route handler, turning known errors into JSON responses and hiding the rest. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) return databaseUnavailable();
    if (error instanceof HttpError) return jsonError(error.status, error.code, error.message, error.details);
    if (error instanceof ScenarioNotFoundError) return jsonError(404, 'not-found', error.message);
    // Next uses thrown values for redirects and notFound(); let them through.
    if (error && typeof error === 'object' && 'digest' in error) throw error;
    if (isDatabaseUnavailable(error)) {
      // Expected while the database restarts: one line per request, not a stack.
      console.error(`Frontline: the database is unavailable (${rootMessage(error)}); answered 503.`);
      return databaseUnavailable();
    }
    console.error(error);
    return jsonError(500, 'internal', 'Something went wrong on the server. Nothing was changed.');
  }
}
