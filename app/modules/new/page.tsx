import type { Metadata } from 'next';
import Link from 'next/link';
import { ModuleForm } from '@/components/modules/ModuleForm';
import { panel } from '@/components/ui/styles';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { moduleStepOptions } from '@/server/onboarding/modules';

export const metadata: Metadata = { title: 'New module · Modules' };

export default async function NewModulePage() {
  const actor = await requireRole('/modules/new', ROLES_THAT.manageModules);
  const { db } = await database();
  const playable = await moduleStepOptions(db, actor);

  return (
    <div className="mx-auto max-w-4xl">
      <Link href="/modules" className="text-sm font-medium text-brand-800 underline underline-offset-2">
        <span aria-hidden="true">← </span>Modules
      </Link>
      <h1 className="mt-3 text-2xl font-bold tracking-tight">New module</h1>
      <div className={`${panel} mt-6 p-5`}>
        <ModuleForm initial={{ title: '', description: '', defaultDueDays: 14, ownWords: false, scenarios: [] }} playable={playable} />
      </div>
    </div>
  );
}
