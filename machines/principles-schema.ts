import { z } from 'zod';
import { principleIdSchema } from './schema';

/** An article a principle is drawn from, and the gist of the passage in the project's own words. */
const sourceSchema = z.strictObject({
  title: z.string().min(1),
  author: z.string().min(1),
  gist: z.string().min(20).max(500),
});

/** The shape of scenarios/principles.json (checked by a test; the file ships with the code). */
export const principlesFileSchema = z.strictObject({
  principles: z
    .array(
      z.strictObject({
        id: principleIdSchema,
        name: z.string().min(1).max(60),
        standard: z.boolean(),
        definition: z.string().min(1).max(600),
        goodLooksLike: z.array(z.string().min(1).max(300)).min(1),
        sources: z.array(sourceSchema).min(1),
      }),
    )
    .min(1)
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, { error: 'principle ids must be unique' }),
});
