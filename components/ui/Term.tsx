import type { ReactNode } from 'react';

/** One term and its value in a description list (`<dl>`) of a record's details. */
export function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}
