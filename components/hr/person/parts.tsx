/** Small pieces shared by the person page's sections. */

/** Where a completed assignment's certificate is downloaded. */
export const certificateHref = (assignmentId: string) => `/api/assignments/${assignmentId}/certificate`;

/** Decorative: always beside words that say the same. */
function Icon({ d, className = 'h-5 w-5' }: { d: string; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`${className} shrink-0 fill-none stroke-current stroke-2`} strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}

export const DocumentIcon = (props: { className?: string }) => (
  <Icon {...props} d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5ZM14 3v5h5M12 12v6M9 15l3 3 3-3" />
);
export const UnassignedIcon = (props: { className?: string }) => <Icon {...props} d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM5.6 5.6l12.8 12.8" />;
export const WarningIcon = (props: { className?: string }) => <Icon {...props} d="M12 3 2 20h20L12 3ZM12 10v4M12 17h.01" />;
