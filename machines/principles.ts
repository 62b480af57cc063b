import { z } from 'zod';
import principlesFile from '../scenarios/principles.json';
import { principleIdSchema } from './schema';

const sourceSchema = z.strictObject({
  file: z.string().min(1),
  title: z.string().min(1),
  author: z.string().min(1),
});

export const principleSchema = z.strictObject({
  id: principleIdSchema,
  name: z.string().min(1).max(60),
  /** One of the Seven Standards of Service Excellence (the core rubric). */
  standard: z.boolean(),
  definition: z.string().min(1).max(600),
  goodLooksLike: z.array(z.string().min(1).max(300)).min(1),
  sources: z.array(sourceSchema).min(1),
});

export const principlesFileSchema = z.strictObject({
  principles: z
    .array(principleSchema)
    .min(1)
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, { error: 'principle ids must be unique' }),
});

export type Principle = z.infer<typeof principleSchema>;

/** The principles every scenario is scored against, from scenarios/principles.json. */
export const PRINCIPLES: readonly Principle[] = principlesFileSchema.parse(principlesFile).principles;
export const PRINCIPLE_IDS: readonly string[] = PRINCIPLES.map((p) => p.id);

const byId = new Map(PRINCIPLES.map((p) => [p.id, p]));
export const principleById = (id: string): Principle | undefined => byId.get(id);
export const principleName = (id: string): string => byId.get(id)?.name ?? id;
