import { PointsList } from '@/components/ui/PointsList';
import type { ChoiceFeedback } from '@/server/training/attempts';

export function FeedbackNote({ feedback }: { feedback: ChoiceFeedback }) {
  return (
    <div className="w-full max-w-[85%] rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-sm">
      <p className="font-semibold text-slate-900">Coach</p>
      {feedback.critical && (
        <p className="mt-2 rounded-md border-l-4 border-rose-700 bg-rose-50 px-3 py-2 text-rose-950">
          <strong>Critical error:</strong> {feedback.critical} A critical error fails the attempt, whatever the score.
        </p>
      )}
      <div className="mt-1">
        <PointsList points={feedback.earned} label="Points for this reply" />
      </div>
      {feedback.text && <p className="mt-2 text-slate-800">{feedback.text}</p>}
    </div>
  );
}
