import type { KeyboardEvent } from 'react';
import type { TimeMode } from '@/machines/timing';
import type { DeliveryContext } from './delivery-machine';

/** Why the player waits or what just happened, read out by screen readers as it changes. */
export function ConnectionNotice({ notice, retry }: { notice: string | null; retry: DeliveryContext['retry'] }) {
  return (
    <div role="status" className="mt-2 text-sm">
      {notice && <p className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sky-950">{notice}</p>}
      {retry && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {retry.cause === 'database' ? "Frontline can't reach its database right now." : "Can't reach the server."} Nothing you did was lost: your reply is kept here and will be
          sent by itself as soon as the connection is back. You can stay on this page.
        </p>
      )}
    </div>
  );
}

/**
 * The reply a number key picks, if any. A held-down key repeats and must not answer the next
 * decisions too; keys typed into a field are not shortcuts.
 */
export function numberKeyChoice<T>(event: KeyboardEvent<HTMLElement>, options: readonly T[]): T | undefined {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return undefined;
  const target = event.target as HTMLElement;
  if (target.closest('input, select, textarea, [contenteditable="true"]')) return undefined;
  const index = Number(event.key) - 1;
  const option = Number.isInteger(index) ? options[index] : undefined;
  if (option !== undefined) event.preventDefault();
  return option;
}

/** Asks the server to change this attempt's time limits; its new state, or null when it refused. */
export async function changeTimeMode<State>(attemptId: string, timeMode: TimeMode): Promise<State | null> {
  const response = await fetch(`/api/attempts/${attemptId}/time-mode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ timeMode }),
  });
  return response.ok ? ((await response.json()) as { state: State }).state : null;
}

/** How to answer from the list; the number keys are not offered on a touch screen, which has none. */
export function ChooseHint({ ownWords }: { ownWords: boolean }) {
  return (
    <p className="mt-1 text-sm text-slate-700">
      {ownWords ? 'Here are the replies you could give. Choose one' : 'Choose a reply'}
      <span className="pointer-coarse:hidden">, or press its number</span>.
    </p>
  );
}
