import { panel } from '@/components/ui/styles';
import type { DebriefView } from '@/server/training/debrief';
import { CustomerLines } from './ConversationParts';

export function EndingPanel({ view }: { view: DebriefView }) {
  return (
    <section aria-labelledby="ending-heading" className={`${panel} p-5 sm:p-6`}>
      <h2 id="ending-heading" className="text-lg font-semibold tracking-tight">
        How it ended
      </h2>
      <div className="mt-4 space-y-4">
        <CustomerLines name={`${view.persona.name}’s last words`} lines={view.ending.say} />
        {view.ending.summary && <p className="max-w-prose leading-relaxed text-slate-800">{view.ending.summary}</p>}
      </div>
    </section>
  );
}
