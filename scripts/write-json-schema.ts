/** Writes public/scenario.schema.json from the zod schema (a test fails when the two drift). */
import { mkdir, writeFile } from 'node:fs/promises';
import { scenarioJsonSchema } from '@/machines/json-schema';

await mkdir('public', { recursive: true });
await writeFile('public/scenario.schema.json', `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write('wrote public/scenario.schema.json\n');
