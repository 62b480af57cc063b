import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { auditLog, users, type Role, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { createUser } from '../people/accounts';
import { createPersonBody } from '../people/schemas';
import { createTestDatabase, type TestDatabase } from './databases';

/** Passes the password policy: the one the people tests set when a password should work. */
export const GOOD_PASSWORD = 'correct horse battery staple';

/** The HttpError a promise rejects with, to assert its status and message. */
export async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

type NewPersonFields = Partial<{ name: string; email: string; role: Role; team: string; startDate: string }>;

/** A test database with an admin, a second admin, an HR person and a trainer, and ways to add more people. */
export interface PeopleDatabase {
  db: () => TestDatabase['db'];
  admin: User;
  otherAdmin: User;
  hr: User;
  trainer: User;
  uniqueEmail: (stem: string) => string;
  insertUser: (role: Role, extra?: Partial<typeof users.$inferInsert>) => Promise<User>;
  reload: (id: string) => Promise<User>;
  auditOf: (targetUserId: string) => Promise<(typeof auditLog.$inferSelect)[]>;
  /** Creates a person through createUser, as the given actor (the admin unless said). */
  newTrainee: (by?: User, fields?: NewPersonFields) => ReturnType<typeof createUser>;
}

/** Opens the database before the tests of the calling describe block and removes it after them; the people are filled in then. */
export function usePeopleDatabase(kind: 'pglite' | 'postgres'): PeopleDatabase {
  let database: TestDatabase;
  let sequence = 0;
  const db = () => database.db;
  const uniqueEmail = (stem: string) => `${stem}-${++sequence}@example.test`;
  const people: PeopleDatabase = {
    db,
    admin: undefined as unknown as User,
    otherAdmin: undefined as unknown as User,
    hr: undefined as unknown as User,
    trainer: undefined as unknown as User,
    uniqueEmail,
    async insertUser(role, extra = {}) {
      const [user] = await db()
        .insert(users)
        .values({ name: `${role} ${sequence}`, email: uniqueEmail(role), role, ...extra })
        .returning();
      return user!;
    },
    reload: async (id) => (await db().select().from(users).where(eq(users.id, id)))[0]!,
    auditOf: (targetUserId) => db().select().from(auditLog).where(eq(auditLog.targetUserId, targetUserId)).orderBy(auditLog.at),
    newTrainee: (by = people.admin, fields = {}) => createUser(db(), by, createPersonBody.parse({ name: 'Trainee Person', email: uniqueEmail('trainee'), ...fields })),
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    people.admin = await people.insertUser('admin');
    people.otherAdmin = await people.insertUser('admin');
    people.hr = await people.insertUser('hr');
    people.trainer = await people.insertUser('trainer');
  });
  afterAll(() => database?.dispose());
  return people;
}
