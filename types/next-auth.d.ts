import type { Role } from '@/server/db/schema';

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    tokenVersion?: number;
  }
}
