import { PRINCIPLE_IDS } from '@/machines';
import { SeededRandom } from '@/lib/seeded-random';
import type { TimeMode } from '../db/schema';
import { addDays } from '@/lib/dates';
import { DAY, HOUR, type WorkingClock } from './clock';

/**
 * The synthetic people of the demo data: their names and emails, the teams they work in, when they
 * started, and how they play (skill, pace, how many attempts they make).
 */

/** Every synthetic account's email is under this domain, which can never be a real address. */
export const DEMO_EMAIL_DOMAIN = 'demo.frontline.test';
export const DEMO_EMAIL_PATTERN = `%@${DEMO_EMAIL_DOMAIN}`;

// Common given and family names from many places, combined at random: nobody in particular.
const FIRST_NAMES = [
  'Amara',
  'Mateo',
  'Aiko',
  'Oluwaseun',
  'Priya',
  'Lukas',
  'Sofia',
  'Mohammed',
  'Ingrid',
  'Kwame',
  'Mei',
  'Santiago',
  'Fatima',
  'Noah',
  'Zanele',
  'Hiroshi',
  'Leilani',
  'Dmitri',
  'Chiara',
  'Tariq',
  'Ana',
  'Jonas',
  'Nia',
  'Ravi',
  'Elif',
  'Thanh',
  'Marisol',
  'Kofi',
  'Saoirse',
  'Yusuf',
  'Hana',
  'Pedro',
  'Aroha',
  'Bogdan',
  'Camille',
  'Emeka',
  'Freya',
  'Guadalupe',
  'Ibrahim',
  'Jae-won',
  'Kalani',
  'Lena',
  'Malik',
  'Nadia',
  'Olumide',
  'Paulo',
  'Quynh',
  'Rania',
  'Sven',
  'Tamar',
  'Uzma',
  'Valentina',
  'Wei',
  'Ximena',
  'Yara',
  'Zoltán',
  'Ayesha',
  'Björn',
  'Chidi',
  'Dalia',
  'Esi',
  'Farhan',
  'Gwen',
  'Haruto',
  'Imani',
  'Jakub',
  'Keanu',
  'Laila',
  'Mirela',
  'Nikhil',
  'Oksana',
  'Rafael',
  'Siobhan',
  'Tomás',
];
const LAST_NAMES = [
  'Okafor',
  'García',
  'Tanaka',
  'Nguyen',
  'Kowalski',
  'Haddad',
  'Johansson',
  'Mensah',
  'Patel',
  'Rossi',
  'Fernández',
  'Kim',
  'Müller',
  'Abubakar',
  "O'Brien",
  'Silva',
  'Novak',
  'Dubois',
  'Chen',
  'Adeyemi',
  'Hernández',
  'Nakamura',
  'Ivanova',
  'Kaur',
  'Schmidt',
  'Mwangi',
  'Lindqvist',
  'Popescu',
  'Yılmaz',
  'Rahman',
  'Costa',
  'Horvat',
  'Bianchi',
  'Osei',
  'Moreau',
  'Takahashi',
  'Jovanović',
  'Ali',
  'Andersen',
  'Reyes',
  'Sato',
  'Kariuki',
  'Walsh',
  'Ionescu',
  'Petrov',
  'Das',
  'Bakker',
  'Cohen',
  'Afolabi',
  'López',
  'Park',
  'Hughes',
  'Suzuki',
  'Eriksen',
  'Mahlangu',
  'Vargas',
  'Farouk',
  'Kealoha',
  'Tremblay',
  'Zhang',
  'Nowak',
  'Begum',
  'Ferreira',
  'Dlamini',
];
// Departments of a contact centre. "Support" is left out: the demo trainee account is in it.
export const TEAM_NAMES = [
  'Billing',
  'Returns',
  'Night shift',
  'Escalations',
  'Broadband helpdesk',
  'Retention',
  'Payments',
  'Mobile',
  'Priority accounts',
  'Complaints',
  'Live chat',
  'Small business',
  'Weekend cover',
  'Collections',
  'Moving home',
  'Technical support',
  'Social media',
  'Faults',
  'Welcome calls',
  'Onboarding desk',
];

/** The trainer and the HR partner who own the demo modules and rules. */
export const STAFF = [
  { key: 'trainer', email: `training.lead@${DEMO_EMAIL_DOMAIN}`, name: 'Noor Lindqvist', role: 'trainer' as const },
  { key: 'hr', email: `people.partner@${DEMO_EMAIL_DOMAIN}`, name: 'Elena Mwangi', role: 'hr' as const },
];

const emailPart = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** How many teams N trainees work in: from 6 for a small company to 20 for a large one. */
export const teamCountFor = (trainees: number) => Math.max(6, Math.min(TEAM_NAMES.length, 6 + Math.round(Math.sqrt(trainees) / 8)));

/** How a person plays the scenarios. */
export interface Player {
  userId: string;
  timeMode: TimeMode;
  /** Probability of taking the best choice, before practice. */
  skill: number;
  weakPrinciple: string;
  /** How quickly this person decides: a factor on think times. */
  pace: number;
}

export interface Trainee {
  index: number;
  id: string;
  name: string;
  email: string;
  team: string;
  startDate: string;
  /** 09:00 on the start day: when they are created and assigned. */
  startAt: number;
  timeMode: TimeMode;
  deactivateAt: number | null;
  budget: number;
  profile: 'prompt' | 'slow' | 'stalls' | 'never';
  player: Player;
}

const PLANNED_PER_MADE = 1.19;

/** The people, their teams, start days, ways of playing and budgets of attempts, all from the seed. */
export function planTrainees(seed: string, count: number, teams: string[], today: string, clock: WorkingClock, meanAttempts: number): Trainee[] {
  const random = new SeededRandom(seed, 'people');
  const teamWeights = teams.map((_, i) => 1 / Math.pow(i + 1.5, 0.8));
  const teamTotal = teamWeights.reduce((a, b) => a + b, 0);
  const teamSkill = new Map(teams.map((t) => [t, random.between(-0.1, 0.1)]));
  const used = new Map<string, number>();
  const out: Trainee[] = [];
  for (let index = 0; index < count; index++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const base = `${emailPart(first)}.${emailPart(last)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const email = `${base}${n > 1 ? n : ''}@${DEMO_EMAIL_DOMAIN}`;
    let pickTeam = random.next() * teamTotal;
    const team = teams[teamWeights.findIndex((w) => (pickTeam -= w) < 0)] ?? teams[0]!;
    // A growing company, where more people started recently, and new people start on a Monday.
    const daysAgo = Math.min(365, Math.floor((365 * (1 - Math.sqrt(random.next() * 0.84 + 0.16))) / 0.6) + 1);
    const drawn = addDays(today, -daysAgo);
    const sinceMonday = (new Date(`${drawn}T00:00:00Z`).getUTCDay() + 6) % 7;
    const startDate = addDays(drawn, daysAgo + sinceMonday > 365 ? 7 - sinceMonday : -sinceMonday);
    const startAt = clock.dayStart(startDate) + 9 * HOUR;
    const r = random.next();
    const profile = r < 0.07 ? 'never' : r < 0.55 ? 'prompt' : r < 0.87 ? 'slow' : 'stalls';
    const modes = random.next();
    const timeMode: TimeMode = modes < 0.06 ? 'extended' : modes < 0.075 ? 'off' : 'standard';
    const tenureDays = Math.max(1, Math.round((clock.dayStart(today) - startAt) / DAY));
    const activity = random.between(0.3, 1.7) * Math.min(1, (tenureDays + 10) / 100);
    out.push({
      index,
      id: random.uuid(),
      name: `${first} ${last}`,
      email,
      team,
      startDate,
      startAt,
      timeMode,
      deactivateAt: null,
      budget: profile === 'never' ? 0 : profile === 'stalls' ? random.int(1, 3) : activity,
      profile,
      player: {
        userId: '',
        timeMode,
        skill: Math.max(0.1, Math.min(0.92, 0.62 + teamSkill.get(team)! + 0.16 * random.normal())),
        weakPrinciple: random.pick(PRINCIPLE_IDS),
        pace: random.between(0.6, 1.6),
      },
    });
  }
  // Scale the active people's budgets so the total is the requested mean.
  const active = out.filter((t) => t.profile === 'prompt' || t.profile === 'slow');
  const fixed = out.reduce((sum, t) => sum + (t.profile === 'stalls' ? t.budget : 0), 0);
  const weight = active.reduce((sum, t) => sum + t.budget, 0);
  // About a sixth of what is planned never happens (time runs out before `now`, people leave), so plan that much more.
  const factor = weight > 0 ? (PLANNED_PER_MADE * Math.max(0, meanAttempts * count - fixed)) / weight : 0;
  for (const t of active) t.budget = Math.max(1, Math.round(t.budget * factor));
  // A few have left: their accounts are deactivated some time after they started.
  const leavers = count >= 10 ? Math.max(1, Math.round(count * 0.03)) : 0;
  const now = clock.dayStart(today);
  for (let i = 0; i < leavers; i++) {
    const t = out[random.int(0, count - 1)]!;
    if (now - t.startAt < 40 * DAY) continue;
    t.deactivateAt = t.startAt + random.between(30 * DAY, now - t.startAt - 2 * DAY);
  }
  for (const t of out) t.player.userId = t.id;
  return out;
}
