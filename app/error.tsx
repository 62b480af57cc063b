'use client';

import { ErrorNotice } from './error-notice';

/** A page that failed under the site's layout: no details, which stay in the server's log. */
export default function ErrorPage({ retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <ErrorNotice onRetry={retry} />;
}
