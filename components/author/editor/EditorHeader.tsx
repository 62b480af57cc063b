'use client';

import Link from 'next/link';
import { buttonStyles } from '@/components/ui/styles';
import type { SaveStatus } from './autosave/status';
import { smallButton } from './fields';
import { SaveStatusLine } from './SaveStatus';

/** The editor's title, the way back to the studio, undo and redo, what the scenario is and how saving goes. */
export function EditorHeader({
  title,
  scenarioId,
  readOnly,
  archived,
  publishedVersion,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  saveStatus,
}: {
  title: string;
  scenarioId: string;
  readOnly: boolean;
  archived: boolean;
  /** The newest published version, or null when none is. */
  publishedVersion: number | null;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  saveStatus: SaveStatus;
}) {
  return (
    <header className="grid gap-2">
      <p className="text-sm">
        <Link href="/author" className={buttonStyles.quiet}>
          ← Studio
        </Link>
      </p>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">
          {title}
          <span className="ml-2 break-all align-middle font-mono text-sm font-normal text-slate-700">{scenarioId}.json</span>
        </h1>
        {!readOnly && (
          <div className="flex gap-2">
            <button type="button" className={smallButton} disabled={!canUndo} onClick={onUndo}>
              Undo
            </button>
            <button type="button" className={smallButton} disabled={!canRedo} onClick={onRedo}>
              Redo
            </button>
          </div>
        )}
      </div>
      <p className="text-sm text-slate-700">
        {readOnly ? 'Built-in scenario' : 'Draft'}
        {publishedVersion !== null ? ` · published version ${publishedVersion}` : ' · not published'}
        {archived ? ' · archived (hidden from the library)' : ''}
      </p>
      {!readOnly && <SaveStatusLine status={saveStatus} />}
    </header>
  );
}
