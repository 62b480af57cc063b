import type { Outcome } from '@/machines';

/** Decorative icons: each is always shown beside words that carry the same meaning. */
function Icon({ d, className = 'h-5 w-5' }: { d: string; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`${className} shrink-0 fill-none stroke-current stroke-2`} strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}

const CIRCLE = 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z';

export const CheckCircleIcon = (props: { className?: string }) => <Icon {...props} d={`${CIRCLE}M8 12.5l2.5 2.5L16 9.5`} />;
export const CrossCircleIcon = (props: { className?: string }) => <Icon {...props} d={`${CIRCLE}M9 9l6 6M15 9l-6 6`} />;
export const HalfCircleIcon = (props: { className?: string }) => <Icon {...props} d={`${CIRCLE}M12 3v18M12 7h4M12 11h5M12 15h4`} />;
export const ClockIcon = (props: { className?: string }) => <Icon {...props} d={`${CIRCLE}M12 7v5l3 2`} />;
export const LightbulbIcon = (props: { className?: string }) => <Icon {...props} d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3Z" />;
export const RetryIcon = (props: { className?: string }) => <Icon {...props} d="M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4" />;
export const ArrowLeftIcon = (props: { className?: string }) => <Icon {...props} d="M19 12H5M11 6l-6 6 6 6" />;
export const AlertIcon = (props: { className?: string }) => <Icon {...props} d="M12 3 2 20h20L12 3ZM12 10v4M12 17h.01" />;

export function OutcomeIcon({ outcome, className }: { outcome: Outcome; className?: string }) {
  if (outcome === 'success') return <CheckCircleIcon className={className} />;
  if (outcome === 'partial') return <HalfCircleIcon className={className} />;
  return <CrossCircleIcon className={className} />;
}
