import type { Channel, FeedbackMode } from '@/machines/format';
import type { TimeMode } from '@/machines/timing';
import { ChannelIcon } from '@/components/ui/ChannelIcon';
import { CHANNEL_LABELS, moodLabel } from '@/lib/labels';
import { panel } from '@/components/ui/styles';
import { ReadAloudToggle } from '@/components/speech/ReadAloudToggle';

const TIME_MODE_LABELS: Record<TimeMode, string> = { standard: 'Standard', extended: 'Extended (twice as long)', off: 'No time limits' };

/** Persona and mood in one line above the conversation on small screens, where the panel sits below it. */
export function CompactMood({ name, mood }: { name: string; mood: number }) {
  return (
    <p aria-hidden="true" className="mt-2 flex items-center gap-2 text-sm text-slate-800 lg:hidden">
      <span className="font-semibold">{name}</span>
      <span>·</span>
      <MoodFace mood={mood} size="h-5 w-5" />
      <span>{moodLabel(mood)}</span>
    </p>
  );
}

function MoodFace({ mood, size = 'h-8 w-8' }: { mood: number; size?: string }) {
  const mouth = mood <= -2 ? 'M8 16c2-2 6-2 8 0' : mood >= 2 ? 'M8 14c2 2 6 2 8 0' : 'M8 15h8';
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`${size} fill-none stroke-current stroke-2 text-slate-800`} strokeLinecap="round">
      <circle cx="12" cy="12" r="9" />
      <path d="M9 9.5h.01M15 9.5h.01" strokeWidth="3" />
      <path d={mouth} />
    </svg>
  );
}

/**
 * Who the customer is and how the conversation runs. Coaching shows the customer's mood; an
 * assessment does not (mood is null there): the customer's words are the only reaction.
 * `timeMode` is null when the scenario has no timed decision.
 */
export function PersonaPanel({
  persona,
  channel,
  mood,
  feedbackMode,
  timeMode,
  finished,
  onTimeModeChange,
  ownWords = false,
}: {
  persona: { name: string; role: string };
  channel: Channel;
  mood: number | null;
  feedbackMode: FeedbackMode;
  timeMode: TimeMode | null;
  finished: boolean;
  onTimeModeChange: (mode: TimeMode) => void;
  /** Whether the trainee types the replies (meta.ownWords). */
  ownWords?: boolean;
}) {
  return (
    <aside aria-label="About this conversation" className="space-y-4 lg:sticky lg:top-4 lg:self-start">
      <section className={`${panel} p-4`}>
        <h2 className="text-base font-semibold">{persona.name}</h2>
        <p className="text-sm text-slate-700">{persona.role}</p>
        <p className="mt-2 inline-flex items-center gap-1 text-sm text-slate-700">
          <ChannelIcon channel={channel} /> {CHANNEL_LABELS[channel]}
        </p>
        {mood !== null && <MoodMeter mood={mood} />}
        {(channel === 'phone' || channel === 'in-person') && !finished && <ReadAloudToggle className="mt-4 border-t border-slate-200 pt-3" />}
      </section>
      <section className={`${panel} p-4 text-sm text-slate-700`}>
        <h2 className="text-base font-semibold text-slate-900">How this works</h2>
        <p className="mt-1">
          {feedbackMode === 'immediate'
            ? 'Coaching: after each reply you see what it earned and why, and you may try that reply again once.'
            : 'Assessment: your replies are scored, and you see how and why in the debrief. Until then, listen to what the customer says.'}
        </p>
        {ownWords && (
          <p className="mt-2">
            Say it in your own words: type what you would say, then confirm the reply it was understood as. If two replies in a row are not understood, the replies are listed.
          </p>
        )}
        {timeMode !== null && !finished && (
          <div className="mt-3">
            <label htmlFor="time-mode" className="block font-medium text-slate-900">
              Time limits
            </label>
            <select
              id="time-mode"
              value={timeMode}
              onChange={(event) => onTimeModeChange(event.target.value as TimeMode)}
              aria-describedby="time-mode-hint"
              className="mt-1 w-full rounded-md border border-slate-400 bg-white px-2 py-1.5"
            >
              {Object.entries(TIME_MODE_LABELS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            <p id="time-mode-hint" className="mt-1 text-xs text-slate-600">
              Each reply gives you time to read it first. Changes are recorded with your result.
            </p>
          </div>
        )}
      </section>
    </aside>
  );
}

function MoodMeter({ mood }: { mood: number }) {
  const label = moodLabel(mood);
  return (
    <div className="mt-4">
      <p className="text-sm font-medium text-slate-800" id="mood-label">
        Mood
      </p>
      <div className="mt-1 flex items-center gap-3">
        <MoodFace mood={mood} />
        <div className="flex-1">
          <p className="font-semibold" aria-live="polite">
            {label}
          </p>
          <div
            role="meter"
            aria-labelledby="mood-label"
            aria-valuemin={-5}
            aria-valuemax={5}
            aria-valuenow={mood}
            aria-valuetext={`${label}, ${mood} on a scale from −5 to 5`}
            className="mt-1 grid grid-cols-11 gap-0.5"
          >
            {Array.from({ length: 11 }, (_, i) => i - 5).map((step) => (
              <span key={step} className={`h-2 rounded-sm ${step <= mood ? 'bg-slate-700' : 'bg-slate-200'}`} />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
