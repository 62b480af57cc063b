import type { Channel } from '@/machines';

const PATHS: Record<Channel, string> = {
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  chat: 'M4 5h16v11H9l-5 4V5Z',
  email: 'M3 6h18v12H3V6Zm0 0 9 7 9-7',
  'in-person': 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8a7 7 0 0 1 14 0',
  social: 'M3 10v4h3l7 5V5l-7 5H3Zm14-2a5 5 0 0 1 0 8m2-11a9 9 0 0 1 0 14',
};

/** Decorative: always shown beside the channel's name. */
export function ChannelIcon({ channel, className = 'h-4 w-4' }: { channel: Channel; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`${className} fill-none stroke-current stroke-2`} strokeLinejoin="round" strokeLinecap="round">
      <path d={PATHS[channel]} />
    </svg>
  );
}
