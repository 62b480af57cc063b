import type { TimeMode } from '@/server/db/schema';

export const TIME_MODE_OPTIONS: { value: TimeMode; label: string; hint: string }[] = [
  { value: 'standard', label: 'Standard', hint: 'Timed replies run as written, like a real call where silence costs you.' },
  { value: 'extended', label: 'Extended', hint: 'Twice as long for every timed reply.' },
  { value: 'off', label: 'No time limits', hint: 'Take as long as you need. Your attempts record that limits were off.' },
];

/** The time-limit preference (WCAG 2.2.1): shown in settings and before a timed scenario starts. */
export function TimeModeFieldset({ current, name = 'timeMode' }: { current: TimeMode; name?: string }) {
  return (
    <fieldset>
      <legend className="text-lg font-semibold">Time limits on replies</legend>
      <p className="mt-1 text-sm text-slate-700">Some scenarios give you a limited time to reply. Choose what suits you; you can change it at any time, also during a scenario.</p>
      <div className="mt-3 space-y-2">
        {TIME_MODE_OPTIONS.map((option) => (
          <label key={option.value} className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
            <input type="radio" name={name} value={option.value} defaultChecked={current === option.value} className="mt-1 h-4 w-4 accent-brand-700" />
            <span>
              <span className="block font-medium">{option.label}</span>
              <span className="block text-sm text-slate-700">{option.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
