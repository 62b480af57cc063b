/** Form parts shared by every form, matching the sign-in form. */
export const fieldLabel = 'block text-sm font-medium text-slate-800';
export const fieldHint = 'mt-1 text-sm text-slate-600';
export const textInput = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 shadow-sm';
export const alertBox = 'rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900';
export const statusBox = 'rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950';
/** For a step that takes someone's access away. */
export const dangerButton =
  'inline-flex items-center justify-center gap-2 rounded-md bg-rose-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-rose-800 disabled:cursor-not-allowed disabled:opacity-60';
