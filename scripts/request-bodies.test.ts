import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { REQUEST_BODIES, spoiledBodies } from '../e2e/request-bodies';
import * as accountSchemas from '../server/people/schemas';
import * as apiSchemas from '../server/training/schemas';
import * as authoringSchemas from '../server/studio/schemas';
import * as moduleSchemas from '../server/onboarding/schemas';
import * as mailSchemas from '../server/mail/schemas';
import { erasureRequestBody } from '../server/people/privacy';
import * as ltiSchemas from '../server/lti/schemas';
import * as scormSchemas from '../server/scorm/schemas';
import * as organisationSchemas from '../server/organisation/schemas';
import { routeDeclarations } from './route-declarations';

/** The fuzz test's bodies (e2e/request-bodies.ts) held to the schemas the routes read. */

const schemas: Record<string, z.ZodType> = {
  ...accountSchemas,
  ...apiSchemas,
  ...authoringSchemas,
  ...moduleSchemas,
  ...mailSchemas,
  ...ltiSchemas,
  ...scormSchemas,
  ...organisationSchemas,
  erasureRequestBody,
} as never;

/** The body schema every route handler declares, by its exported name, with the route. */
let readers: { route: string; file: string; schema: string | undefined }[];
beforeAll(async () => {
  const declared = (await routeDeclarations()).filter((r) => r.declaration?.body);
  readers = declared.map((r) => ({
    route: `${r.method} ${r.pattern}`,
    file: r.file,
    schema: Object.entries(schemas).find(([, schema]) => schema === r.declaration!.body)?.[0],
  }));
}, 120_000);

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
      expect(reader.schema, `${reader.file} declares a body schema not exported by the schema modules`).toBeDefined();
      const entry = REQUEST_BODIES[reader.schema!];
      expect(entry, `${reader.file} reads ${reader.schema}`).toBeDefined();
      expect(entry!.routes, reader.file).toContain(reader.route);
    }
  });

  it('name only routes that declare that schema', () => {
    const named = Object.entries(REQUEST_BODIES).flatMap(([schema, entry]) => entry.routes.map((route) => ({ schema, route })));
    const unread = named.filter(({ schema, route }) => !readers.some((reader) => reader.schema === schema && reader.route === route));
    expect(unread.map(({ schema, route }) => `${route} ${schema}`)).toEqual([]);
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
