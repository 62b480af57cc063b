import type { Role } from '@/server/db/schema';

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    tokenVersion?: number;
    /** When the sign-in that began this session happened, in seconds since 1970 (server/auth/options.ts). */
    signedInAt?: number;
  }
}
