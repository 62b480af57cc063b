import { redirect } from 'next/navigation';
import { requireUser } from '@/server/auth/access';

export default async function Home() {
  await requireUser('/');
  redirect('/scenarios');
}
