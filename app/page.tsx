import { redirect } from 'next/navigation';
import { requirePageUser } from '@/server/auth/session';

export default async function Home() {
  await requirePageUser('/');
  redirect('/scenarios');
}
