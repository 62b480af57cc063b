import type { Role } from '@/server/db/schema';

/** Who may do each kind of thing (docs/security.md). Admins may do everything. */
export const ROLES_THAT = {
  play: ['trainee', 'trainer', 'hr', 'admin'],
  author: ['trainer', 'admin'],
  manageModules: ['trainer', 'hr', 'admin'],
  managePeople: ['hr', 'admin'],
  seeResults: ['hr', 'admin'],
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export const hasRole = (user: { role: Role }, roles: readonly Role[]) => roles.includes(user.role);
