import Link from 'next/link';
import { WEAK_PRINCIPLE_BELOW, type WeakPrinciple } from '@/server/training/home';
import { ScoreBar } from '@/components/ui/ScoreBar';
import { formatPercent } from '@/lib/labels';
import { panel } from '@/components/ui/styles';

const linkStyle = 'font-medium text-brand-800 underline decoration-slate-300 underline-offset-2 hover:decoration-brand-700';

export function PrinciplesToWorkOn({ principles, attemptsConsidered }: { principles: WeakPrinciple[]; attemptsConsidered: number }) {
  const over = attemptsConsidered === 1 ? 'your last finished attempt' : `your last ${attemptsConsidered} finished attempts`;
  return (
    <section aria-labelledby="principles-heading">
      <h2 id="principles-heading" className="text-xl font-semibold tracking-tight">
        Principles to work on
      </h2>
      {attemptsConsidered === 0 ? (
        <p className={`${panel} mt-3 p-5 text-slate-700`}>Once you finish a scenario, the principles you score lowest on are shown here, with scenarios that practise them.</p>
      ) : principles.length === 0 ? (
        <p className={`${panel} mt-3 p-5 text-slate-700`}>
          Every principle averages {WEAK_PRINCIPLE_BELOW}% or more over {over}. Nothing stands out to work on.
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">
            Your lowest averages under {WEAK_PRINCIPLE_BELOW}% over {over}.
          </p>
          <ul className="mt-3 space-y-3" aria-label="Principles to work on">
            {principles.map((p) => {
              const headingId = `weak-${p.principleId}`;
              return (
                <li key={p.principleId}>
                  <article aria-labelledby={headingId} className={`${panel} p-4`}>
                    <h3 id={headingId} className="font-semibold">
                      <Link href={`/principles#${p.principleId}`} className={linkStyle}>
                        {p.name}
                      </Link>
                    </h3>
                    <div className="mt-2">
                      <ScoreBar label={`${p.name}, your average`} percent={p.averagePercent} />
                    </div>
                    <p className="mt-1 text-sm text-slate-700">
                      Average {formatPercent(p.averagePercent)} over {p.attempts === 1 ? 'one attempt' : `${p.attempts} attempts`} that scored it.
                    </p>
                    {p.scenarios.length > 0 && (
                      <div className="mt-2 text-sm">
                        <p className="font-medium text-slate-800">Practise it in:</p>
                        <ul className="mt-1 list-disc space-y-1 pl-5">
                          {p.scenarios.map((s) => (
                            <li key={s.scenarioId}>
                              {/* Tall enough to be an easy target (WCAG 2.2 target size) in a list of links. */}
                              <Link href={`/scenarios/${s.scenarioId}`} className={`${linkStyle} inline-block py-0.5`}>
                                {s.title}
                              </Link>
                              {s.passed && <span className="text-slate-600"> (passed before)</span>}
                            </li>
                          ))}
                        </ul>
                      </div>
                    )}
                  </article>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p className="mt-3 text-sm">
        <Link href="/principles" className={linkStyle}>
          Read about the service principles
        </Link>
      </p>
    </section>
  );
}
