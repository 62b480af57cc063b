import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { REQUEST_BODIES, spoiledBodies } from '../e2e/request-bodies';
import * as accountSchemas from '../server/people/schemas';
import * as apiSchemas from '../server/training/schemas';
import * as authoringSchemas from '../server/studio/schemas';
import * as moduleSchemas from '../server/onboarding/schemas';
import { erasureRequestBody } from '../server/people/privacy';
import { listAppRoutes } from './security-matrix';

/** The fuzz test's bodies (e2e/request-bodies.ts) held to the schemas the routes read. */

const schemas: Record<string, z.ZodType> = { ...accountSchemas, ...apiSchemas, ...authoringSchemas, ...moduleSchemas, erasureRequestBody } as never;

/** Every `readBody(request, schema)` in app/, with the route it is in. */
const readers = listAppRoutes().flatMap((route) => {
  const source = readFileSync(route.file, 'utf8');
  return [...source.matchAll(/readBody\(request, (\w+)/g)].map((match) => ({ route: `${route.method} ${route.pattern}`, file: route.file, schema: match[1]! }));
});

/** The field names a schema reads: an object's, or every branch's of a union. */
function fieldsOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def: { shape?: Record<string, unknown>; options?: z.ZodType[]; in?: z.ZodType; schema?: z.ZodType } }).def;
  if (def.shape) return Object.keys(def.shape);
  if (def.options) return [...new Set(def.options.flatMap(fieldsOf))];
  const inner = def.in ?? def.schema;
  return inner ? fieldsOf(inner) : [];
}

describe('the fuzz test’s request bodies', () => {
  it('name every schema a route handler reads, with that route', () => {
    expect(readers.length).toBeGreaterThan(15);
    for (const reader of readers) {
      const entry = REQUEST_BODIES[reader.schema];
      expect(entry, `${reader.file} reads ${reader.schema}`).toBeDefined();
      expect(entry!.routes.map((route) => route.split(' ')[1]), reader.file).toContain(reader.route.split(' ')[1]);
    }
  });

  for (const [name, entry] of Object.entries(REQUEST_BODIES)) {
    describe(name, () => {
      const schema = schemas[name]!;

      it('is a schema a route reads, and each body is one it accepts', () => {
        expect(schema, name).toBeDefined();
        for (const body of entry.bodies) expect(schema.safeParse(body).error?.issues ?? [], JSON.stringify(body)).toEqual([]);
      });

      it('covers every field the schema reads', () => {
        const covered = new Set(entry.bodies.flatMap((body) => Object.keys(body)));
        expect(fieldsOf(schema).filter((field) => !covered.has(field))).toEqual([]);
      });

      it('spoils each body only in ways the schema refuses (text the database cannot store is refused before it; some lengths after it)', () => {
        const longInService = new RegExp(`^.*… (${(entry.lengthCheckedByService ?? []).join('|') || '-'}) = [0-9,]+ characters$`);
        const accepted = spoiledBodies(entry, true)
          .filter(({ what }) => !/= (nul|lone surrogate)$/.test(what) && !longInService.test(what))
          .filter(({ body }) => schema.safeParse(body).success)
          .map(({ what }) => what);
        expect(accepted).toEqual([]);
      });
    });
  }
});
