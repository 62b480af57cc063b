import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { database } from '../db';
import type { Role } from '../db/schema';
import { authenticate } from '../users';

const credentialsSchema = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) });

/** Signed-in sessions last a working day; the JWT carries the token version checked on every request. */
const SESSION_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_SECONDS },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { db } = await database();
        const user = await authenticate(db, parsed.data.email, parsed.data.password);
        return user ? { id: user.id, email: user.email, name: user.name, role: user.role, tokenVersion: user.tokenVersion } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const signedIn = user as { id: string; role: Role; tokenVersion: number };
        token.sub = signedIn.id;
        token.role = signedIn.role;
        token.tokenVersion = signedIn.tokenVersion;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub, role: token.role, tokenVersion: token.tokenVersion } };
    },
  },
};
