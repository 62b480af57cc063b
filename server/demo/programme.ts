import 'server-only';
import { applyAssignmentRules } from '../onboarding/assignments';
import { createModule } from '../onboarding/modules';
import type { Database } from '../db';
import { assignmentRules, auditLog, type Assignment, type User } from '../db/schema';
import { addDays } from '@/lib/dates';
import { DAY, type WorkingClock } from './clock';
import type { Trainee } from './people';

export interface ModulePlan {
  key: 'week-1' | 'week-2' | 'week-3' | 'money' | 'refresher';
  title: string;
  description: string;
  /** Scenario ids and `pool:<id>` steps (module-steps.ts). */
  steps: string[];
  defaultDueDays: number;
}

/** An onboarding programme as a contact centre would run it: practice first, then an assessment drawn from pools. */
export const MODULE_PLANS: ModulePlan[] = [
  {
    key: 'week-1',
    title: 'Week 1: the basics',
    description: 'Coaching scenarios with feedback after every reply: listening, plain words, honest answers and a good close, on every channel.',
    steps: ['closing-well', 'the-router-light', 'a-little-english', 'through-a-relay-service', 'the-honest-recommendation', 'i-dont-know-but-ill-find-out'],
    defaultDueDays: 7,
  },
  {
    key: 'week-2',
    title: 'Week 2: difficult conversations',
    description: 'Angry, upset and vulnerable customers, answers that stay no, and knowing when to hand over. Still coaching: feedback as you go.',
    steps: ['forty-minutes-on-hold', 'i-read-the-terms', 'the-answer-is-no', 'let-me-speak-to-your-manager', 'after-the-funeral', 'line-crossed', 'six-chats-waiting'],
    defaultDueDays: 14,
  },
  {
    key: 'week-3',
    title: 'Week 3: assessment',
    description: 'Three assessments, feedback at the end. Each draws one of several versions of the situation, so a retake is a new conversation.',
    steps: ['pool:who-is-asking', 'pool:delivery-on-the-phone', 'pool:putting-it-right'],
    defaultDueDays: 21,
  },
  {
    key: 'money',
    title: 'Money conversations',
    description: 'Price challenges, refunds just outside the rules and promises a colleague made, for the teams that handle bills and payments.',
    steps: ['competitor-is-cheaper', 'just-this-once', 'my-colleague-said-so'],
    defaultDueDays: 30,
  },
  {
    key: 'refresher',
    title: 'Refresher: bad news and promises',
    description: 'A refresher for everyone who has been with us a while.',
    steps: ['before-they-hear-it-elsewhere', 'closing-well'],
    defaultDueDays: 30,
  },
];

/** The cohort modules, in the order a starter takes them. */
const ONBOARDING: ModulePlan['key'][] = ['week-1', 'week-2', 'week-3'];

/** Teams whose work is about money get the money module; the rest get the difficult calls. */
const MONEY_TEAMS = new Set(['Billing', 'Returns', 'Payments', 'Retention', 'Collections', 'Small business', 'Priority accounts']);

export interface ProgrammeSetup {
  /** The module plans whose scenarios can be played. */
  plans: ModulePlan[];
  teams: string[];
  trainees: readonly Trainee[];
  trainer: User;
  hr: User;
  today: string;
  /** When the modules and the first rules were made, before anyone started. */
  setupAt: number;
  now: number;
  clock: WorkingClock;
  timeZone: string;
  report: (message: string) => void;
}

export interface Programme {
  moduleIds: Map<ModulePlan['key'], string>;
  rules: number;
  /** Each trainee's assignments, by user id. */
  heldBy: Map<string, Assignment[]>;
}

/**
 * Makes the modules as the trainer would and the team and cohort rules as HR would, then assigns
 * them through the server's own rule code, each person on their first day, so the assignments are
 * the ones the real application would have made.
 */
export async function setUpProgramme(db: Database, setup: ProgrammeSetup): Promise<Programme> {
  const { plans, teams, trainees, trainer, hr, today, setupAt, now, clock, timeZone, report } = setup;
  // Modules and rules, as the trainer and HR made them.
  const moduleIds = new Map<ModulePlan['key'], string>();
  for (const plan of plans) {
    const created = await createModule(
      db,
      trainer,
      { title: plan.title, description: plan.description, steps: plan.steps, defaultDueDays: plan.defaultDueDays },
      new Date(setupAt),
    );
    moduleIds.set(plan.key, created.id);
  }
  type RuleValues = typeof assignmentRules.$inferInsert;
  const ruleValues: RuleValues[] = [];
  const laterRules: RuleValues[] = [];
  for (const key of ONBOARDING) {
    const moduleId = moduleIds.get(key);
    const plan = plans.find((p) => p.key === key);
    if (!moduleId || !plan) continue;
    // One cohort rule per quarter of starters; the second-to-last quarter was given fixed due dates.
    for (let q = 0; q < 5; q++) {
      const from = addDays(today, -372 + q * 91);
      const to = q === 4 ? addDays(today, 120) : addDays(from, 90);
      ruleValues.push({
        moduleId,
        kind: 'cohort',
        cohortFrom: from,
        cohortTo: to,
        dueDate: q === 3 ? addDays(to, plan.defaultDueDays) : null,
        createdBy: hr.id,
        createdAt: new Date(setupAt),
      });
    }
  }
  const money = moduleIds.get('money');
  for (const team of teams) {
    if (money && MONEY_TEAMS.has(team)) ruleValues.push({ moduleId: money, kind: 'team', team, createdBy: hr.id, createdAt: new Date(setupAt) });
  }
  // Eighteen days ago, everyone who started more than four months ago got a refresher with a fixed due date.
  const refresher = moduleIds.get('refresher');
  const refresherAt = clock.atWork(now - 18 * DAY);
  if (refresher) {
    laterRules.push({
      moduleId: refresher,
      kind: 'cohort',
      cohortFrom: addDays(today, -400),
      cohortTo: addDays(today, -120),
      dueDate: addDays(today, 12),
      createdBy: hr.id,
      createdAt: new Date(refresherAt),
    });
  }

  const heldBy = new Map<string, Assignment[]>();
  const hold = (created: Assignment[]) => {
    for (const a of created) heldBy.set(a.userId, [...(heldBy.get(a.userId) ?? []), a]);
  };
  // Logged as createAssignmentRule logs a rule, at the time it was made.
  await db.transaction(async (tx) => {
    const recordRule = async (rule: typeof assignmentRules.$inferSelect, assigned: number) =>
      tx.insert(auditLog).values({
        action: 'module-assigned',
        actorId: hr.id,
        subject: rule.moduleId,
        details: { ruleId: rule.id, kind: rule.kind, team: rule.team, cohortFrom: rule.cohortFrom, cohortTo: rule.cohortTo, dueDate: rule.dueDate, assigned },
        at: rule.createdAt,
      });
    const setupRules = await tx.insert(assignmentRules).values(ruleValues).returning();
    for (const rule of setupRules) await recordRule(rule, 0);

    // Each person gets the rules' modules on their first day, as when HR adds them; the refresher comes later.
    report('Assigning modules…');
    const byStart = new Map<string, Trainee[]>();
    for (const t of trainees) byStart.set(t.startDate, [...(byStart.get(t.startDate) ?? []), t]);
    const startDays = [...byStart.keys()].sort();
    let laterApplied = laterRules.length === 0;
    const applyLater = async () => {
      laterApplied = true;
      const inserted = await tx.insert(assignmentRules).values(laterRules).returning();
      for (const rule of inserted) {
        const reached = trainees.filter((t) => t.startAt < refresherAt && (t.deactivateAt === null || t.deactivateAt > refresherAt)).map((t) => t.id);
        let assigned = 0;
        for (let i = 0; i < reached.length; i += 2_000) {
          const created = await applyAssignmentRules(tx, { ruleId: rule.id, userIds: reached.slice(i, i + 2_000) }, new Date(refresherAt), timeZone);
          hold(created);
          assigned += created.length;
        }
        await recordRule(rule, assigned);
      }
    };
    for (const day of startDays) {
      const group = byStart.get(day)!;
      if (!laterApplied && group[0]!.startAt >= refresherAt) await applyLater();
      hold(await applyAssignmentRules(tx, { userIds: group.map((t) => t.id) }, new Date(group[0]!.startAt), timeZone));
    }
    if (!laterApplied) await applyLater();
  });
  return { moduleIds, rules: ruleValues.length + laterRules.length, heldBy };
}
