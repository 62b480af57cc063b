import type { Metadata } from 'next';
import { PrincipleEntry } from '@/components/principles/PrincipleEntry';
import { PRINCIPLES, type Principle } from '@/machines/principles';
import { requireUser } from '@/server/auth/access';

export const metadata: Metadata = { title: 'Principles' };

function PrincipleGroup({ id, title, intro, principles }: { id: string; title: string; intro: string; principles: readonly Principle[] }) {
  if (principles.length === 0) return null;
  return (
    <section aria-labelledby={id} className="mt-10">
      <h2 id={id} className="text-xl font-semibold tracking-tight">
        {title}
      </h2>
      <p className="mt-1 max-w-prose text-slate-700">{intro}</p>
      <ul className="mt-4 space-y-5">
        {principles.map((principle) => (
          <li key={principle.id}>
            <PrincipleEntry principle={principle} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export default async function PrinciplesPage() {
  await requireUser('/principles');
  const standards = PRINCIPLES.filter((p) => p.standard);
  const others = PRINCIPLES.filter((p) => !p.standard);
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-bold tracking-tight">Service principles</h1>
      <div className="mt-2 max-w-prose space-y-3 leading-relaxed text-slate-700">
        <p>
          Every reply you choose in a scenario is scored against these principles; each scenario practises a handful of them. A reply can win points on one principle and lose them
          on another, and your debrief shows how you did on each, with what would have worked better.
        </p>
        <p>
          The core rubric is the Seven Standards of Service Excellence. The other principles come from the wider reading pack, and each one says what good looks like in practice,
          so you know what to aim for before you start.
        </p>
      </div>

      <nav aria-label="Principles on this page" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm font-semibold text-slate-900">Jump to a principle</p>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {PRINCIPLES.map((principle) => (
            <li key={principle.id}>
              <a href={`#${principle.id}`} className="text-brand-800 underline underline-offset-2 hover:decoration-2">
                {principle.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <PrincipleGroup
        id="standards-heading"
        title="The Seven Standards of Service Excellence"
        intro="From Brenetia Adams-Robinson’s article of the same name. They are the core rubric, and every scenario scores some of them."
        principles={standards}
      />
      <PrincipleGroup
        id="wider-reading-heading"
        title="From the wider reading"
        intro="Drawn from the other articles in the reading pack. Scenarios score these alongside the Seven Standards."
        principles={others}
      />
    </div>
  );
}
