'use client';

import { useState } from 'react';
import { ScenarioMap } from '@/components/author/map/ScenarioMap';
import { UsagePanel } from '@/components/author/usage/UsagePanel';
import { panel } from '@/components/ui/styles';
import type { ScenarioUsage } from '@/server/studio/analytics';
import type { DraftDocument } from './draft-edits';
import { smallButton } from './fields';
import type { Problem } from './ProblemsPanel';

/** The map of the scenario, which can be hidden, and below it how trainees played the published versions. */
export function MapSection({
  scenarioId,
  document,
  selectedState,
  onSelectState,
  problems,
  versions,
  usageOpen = false,
}: {
  scenarioId: string;
  document: DraftDocument;
  selectedState: string | null;
  onSelectState: (name: string) => void;
  problems: Problem[];
  versions: number[];
  /** Start with how trainees played it open (a link from the trainer's home asks for it). */
  usageOpen?: boolean;
}) {
  const [showMap, setShowMap] = useState(true);
  const [usage, setUsage] = useState<ScenarioUsage | null>(null);
  return (
    <section aria-labelledby="map-heading" className={`${panel} p-3`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="map-heading" className="text-base font-semibold">
          Map
        </h2>
        <button type="button" className={smallButton} aria-expanded={showMap} aria-controls={showMap ? 'scenario-map' : undefined} onClick={() => setShowMap((shown) => !shown)}>
          {showMap ? 'Hide the map' : 'Show the map'}
        </button>
      </div>
      {showMap && (
        <div id="scenario-map" className="mt-2 h-[26rem]">
          <ScenarioMap document={document} selectedState={selectedState} onSelectState={onSelectState} problems={problems} usage={usage} />
        </div>
      )}
      {versions.length > 0 && (
        <details open={usageOpen || undefined} className="mt-2 rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-semibold text-brand-800 hover:bg-brand-50">How trainees played the published versions</summary>
          <div className="border-t border-slate-200 p-3">
            <UsagePanel scenarioId={scenarioId} versions={versions} onUsage={setUsage} />
          </div>
        </details>
      )}
    </section>
  );
}
