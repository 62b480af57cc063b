import 'server-only';
import { settingsFromEnv, type Settings } from './settings';

/** Settings of this server process, read once from the environment. */
export function settings(): Settings {
  const cached = (globalThis as { __frontlineSettings?: Settings }).__frontlineSettings;
  if (cached) return cached;
  const fresh = settingsFromEnv(process.env);
  (globalThis as { __frontlineSettings?: Settings }).__frontlineSettings = fresh;
  return fresh;
}
