import { z } from 'zod';
import { scenarioSchema } from './schema';
import { SCENARIO_FORMAT } from './format';

/** JSON Schema of the format, generated from the zod schema; written to public/scenario.schema.json. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...generated,
    $id: 'https://frontline.local/scenario.schema.json',
    title: `Frontline scenario (${SCENARIO_FORMAT})`,
    description:
      'A branching customer-service roleplay, written as an xstate v5 machine config. ' +
      'Shape only: the checker (npm run scenario -- check) also checks targets, reachability, principles and scoring.',
  };
}
