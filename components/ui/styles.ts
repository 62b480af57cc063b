/** Shared class lists, so buttons and panels look the same everywhere. */
export const buttonStyles = {
  primary:
    'inline-flex items-center justify-center gap-2 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60',
  secondary:
    'inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60',
  quiet: 'inline-flex items-center gap-1 rounded px-2 py-1 text-sm font-medium text-brand-800 underline underline-offset-2 hover:bg-brand-50',
} as const;

export const panel = 'rounded-lg border border-slate-200 bg-white shadow-sm';
