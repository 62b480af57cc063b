import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/ui/SiteHeader';
import { currentUser } from '@/server/auth/session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Frontline', template: '%s · Frontline' },
  description: 'Customer-service roleplay training: practise real conversations and see what each choice is worth.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:shadow">
          Skip to content
        </a>
        <SiteHeader user={user ? { name: user.name, role: user.role } : null} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 pb-16 pt-6 sm:px-6 focus:outline-none">
          {children}
        </main>
      </body>
    </html>
  );
}
