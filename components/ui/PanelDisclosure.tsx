import type { ReactNode } from 'react';
import { panel } from '@/components/ui/styles';

/** A panel that opens on demand, for a form most visits do not need (adding a person, importing a file). */
export function PanelDisclosure({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className={`${panel} group`}>
      <summary className="cursor-pointer list-none rounded-lg px-5 py-3 font-semibold text-brand-800 hover:bg-brand-50 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">
          ›
        </span>
        {title}
      </summary>
      <div className="border-t border-slate-200 px-5 py-4">{children}</div>
    </details>
  );
}
