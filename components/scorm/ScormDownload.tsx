import { buttonStyles, panel } from '@/components/ui/styles';

/**
 * The download of a SCORM 1.2 package, for those who manage training (decision 038): a plain form,
 * so that the browser saves the zip the server answers. Each download is a new package with its own key.
 */
export function ScormDownload({ scenarioId }: { scenarioId: string }) {
  return (
    <section aria-labelledby="scorm-package" className={`${panel} mt-4 p-5`}>
      <h2 id="scorm-package" className="text-lg font-semibold">
        Use it in your LMS
      </h2>
      <p className="mt-2 text-slate-800">
        A SCORM 1.2 package that any LMS imports: learners open this scenario from their course, and their result goes back to it when they finish. The section “Any SCORM LMS” of
        docs/lms.md says step by step how to add it.
      </p>
      <form method="post" action="/api/scorm/packages" className="mt-3">
        <input type="hidden" name="scenarioId" value={scenarioId} />
        <button type="submit" className={buttonStyles.secondary}>
          Download SCORM package
        </button>
      </form>
    </section>
  );
}
