import type { Role } from '../db/schema';

/** The demo accounts (demo mode only); plain data, so the start script can print them. */
export const DEMO_PASSWORD = 'frontline-demo';
export const DEMO_ACCOUNTS: readonly { email: string; name: string; role: Role; team: string | null }[] = [
  { email: 'trainee@frontline.test', name: 'Taylor Trainee', role: 'trainee', team: 'Support' },
  { email: 'trainer@frontline.test', name: 'Robin Trainer', role: 'trainer', team: null },
  { email: 'hr@frontline.test', name: 'Harper HR', role: 'hr', team: null },
  { email: 'admin@frontline.test', name: 'Alex Admin', role: 'admin', team: null },
];
