/// <reference lib="webworker" />
import { checkScenario } from '@/machines/checker';
import { PRINCIPLE_IDS } from '@/machines/principles';

/**
 * Runs the shared checker off the page's main thread: on a 200-state scenario it takes seconds,
 * which would freeze typing if it ran in the page.
 */
export interface CheckRequest {
  id: number;
  scenarioId: string;
  text: string;
}

self.onmessage = (event: MessageEvent<CheckRequest>) => {
  const { id, scenarioId, text } = event.data;
  const result = checkScenario(text, { file: `${scenarioId}.json`, principles: PRINCIPLE_IDS, expectedId: scenarioId });
  self.postMessage({ id, result });
};
