import type { Metadata } from 'next';
import Link from 'next/link';
import { MyModules } from '@/components/home/MyModules';
import { PrinciplesToWorkOn } from '@/components/home/PrinciplesToWorkOn';
import { RecentResults } from '@/components/home/RecentResults';
import { TrainerHome } from '@/components/home/TrainerHome';
import { UnfinishedConversation } from '@/components/home/UnfinishedConversation';
import { buttonStyles } from '@/components/ui/styles';
import { hasRole, requireUser, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { homeView } from '@/server/training/home';
import { trainerHome } from '@/server/studio/trainer-home';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const user = await requireUser('/');
  const { db } = await database();
  const view = await homeView(db, user);
  // Trainers, and admins who author too, see their studio first; everyone else's home is as it was.
  const studio = hasRole(user, ROLES_THAT.author) ? await trainerHome(db, user) : null;
  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Home</h1>
          <p className="mt-2 max-w-3xl text-slate-700">
            Hello, {user.name}. Here {studio ? 'are your drafts and scenarios, where trainees struggle, ' : 'are '}your modules, how your recent conversations went, and what to
            practise next.
          </p>
        </div>
        <Link href="/scenarios" className={buttonStyles.secondary}>
          Browse all scenarios
        </Link>
      </div>
      {view.unfinished && <UnfinishedConversation unfinished={view.unfinished} />}
      {studio && <TrainerHome view={studio} />}
      <MyModules modules={view.modules} today={view.today} timeZone={view.timeZone} />
      <div className="grid gap-10 lg:grid-cols-2">
        <RecentResults results={view.recentResults} />
        <PrinciplesToWorkOn principles={view.weakestPrinciples} attemptsConsidered={view.attemptsConsidered} />
      </div>
    </div>
  );
}
