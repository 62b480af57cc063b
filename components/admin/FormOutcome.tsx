import { alertBox, statusBox } from '../ui/form-styles';

/**
 * A form's outcome, announced: an error in a role="alert", a success in a role="status". Both
 * regions are always in the page, so screen readers announce the text when it appears.
 */
export function FormOutcome({ error, done }: { error: string | null; done: string | null }) {
  return (
    <>
      <div role="alert" className={error ? `${alertBox} mt-3` : ''}>
        {error}
      </div>
      <p role="status" className={done ? `${statusBox} mt-3` : ''}>
        {done}
      </p>
    </>
  );
}
