import 'server-only';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkScenario, PRINCIPLE_IDS, type CheckResult } from '@/machines';

/** The file in scenarios/ that is not a scenario. */
const PRINCIPLES_FILE = 'principles.json';

export class ScenarioPathError extends Error {}

/** Scenario files named by the arguments: files as given, directories by their *.json files. */
export async function listScenarioFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new ScenarioPathError(`${given}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(given)).filter((f) => f.endsWith('.json') && f !== PRINCIPLES_FILE).sort();
      files.push(...entries.map((f) => path.join(given, f)));
    } else {
      files.push(given);
    }
  }
  return files;
}

/** Checks files as a set: each on its own, then ids that clash across files. */
export async function checkScenarioFiles(files: readonly string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    results.push(checkScenario(text, { file, principles: PRINCIPLE_IDS, expectedId: path.basename(file).replace(/\.json$/, '') }));
  }
  const firstWithId = new Map<string, string>();
  for (const result of results) {
    if (!result.id) continue;
    const first = firstWithId.get(result.id);
    if (first === undefined) firstWithId.set(result.id, result.file);
    else {
      result.errors.push({ path: 'id', message: `"${result.id}" is already the id of ${first}; ids must be unique` });
      result.valid = false;
      result.stats = null;
      result.document = null;
    }
  }
  return results;
}

/** `file: path: message`, the form every checker message is printed in. */
export const formatCheckMessage = (file: string, m: { path: string; message: string }) => `${file}: ${m.path}: ${m.message}`;
