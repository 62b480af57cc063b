import type { ReactNode } from 'react';
import { panel } from './styles';

/** A titled panel of a page, named by its heading for screen readers' landmarks. */
export function PanelSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={`${panel} mt-6 p-5`}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}
