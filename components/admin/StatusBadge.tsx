import { statusLabel, type PersonStatusInput } from './labels';

const STATUS_STYLES: Record<string, string> = {
  Active: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
  'Awaiting password': 'bg-amber-50 text-amber-950 ring-amber-300',
  Deactivated: 'bg-slate-100 text-slate-800 ring-slate-300',
  'Identity removed': 'bg-slate-100 text-slate-800 ring-slate-300',
};

/** Where an account stands, in words (the colour only repeats them). */
export function StatusBadge({ person }: { person: PersonStatusInput }) {
  const label = statusLabel(person);
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLES[label] ?? ''}`}>{label}</span>;
}
