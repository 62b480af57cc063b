import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { RecordNotFoundError } from '@/server/platform/errors';
import { drawVariant } from '@/server/training/pools';

/**
 * An assessment pool: draws the variant this trainee plays next (the one in progress, else one they
 * have not taken yet) and opens its briefing, which says it was drawn from the pool.
 */
export default async function PoolPage({ params }: { params: Promise<{ poolId: string }> }) {
  const { poolId } = await params;
  const user = await requireUser(`/pools/${poolId}`);
  if (!/^[a-z0-9-]{3,64}$/.test(poolId)) notFound();
  const { db } = await database();
  const draw = await drawVariant(db, user.id, poolId).catch((error: unknown) => {
    if (error instanceof RecordNotFoundError) notFound();
    throw error;
  });
  redirect(`/scenarios/${draw.scenarioId}`);
}
