import type { ReactNode } from 'react';
import { panel } from './styles';

/**
 * A table of records: it scrolls sideways on a narrow screen inside a region that takes keyboard
 * focus (so it can be scrolled without a mouse), with its header row and body. `framed` puts it on a
 * panel of its own; otherwise it sits in the panel around it.
 */
export function DataTable({
  label,
  labelledBy,
  head,
  caption,
  framed = true,
  className = '',
  tableClassName = 'min-w-full text-left text-sm',
  headClassName = framed ? 'border-b border-slate-200 bg-slate-50 text-slate-700' : 'border-b border-slate-300 text-slate-700',
  bodyClassName,
  children,
}: {
  /** What a screen reader calls the region, unless `labelledBy` names the heading that says it. */
  label?: string;
  labelledBy?: string;
  /** The header row: usually <ColumnHeads>. */
  head: ReactNode;
  caption?: ReactNode;
  framed?: boolean;
  className?: string;
  tableClassName?: string;
  headClassName?: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={`${framed ? panel : ''} relative overflow-x-auto ${className}`} role="region" aria-label={label} aria-labelledby={labelledBy} tabIndex={0}>
      <table className={tableClassName}>
        {caption}
        <thead className={headClassName}>{head}</thead>
        <tbody className={bodyClassName}>{children}</tbody>
      </table>
    </div>
  );
}
