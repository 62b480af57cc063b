import type { User } from './schema';

/** The channel the users table's triggers notify (drizzle/0008_user-changes.sql): a user id, or `*` for many. */
export const USER_CHANGES_CHANNEL = 'frontline_users';

export interface UserCacheOptions {
  /** Users kept at most; the least recently read go first. */
  limit: number;
  /** A kept user is read again after this long even if no change was reported (a safety net only). */
  maxAgeMs: number;
}

/**
 * Users as the session check reads them on every request, kept in memory while the database
 * reports every change to them (decision 027). Triggers on `users` notify each changed id; the
 * handle listens and calls `changed`. Until it is listening (`setLive(true)`), and again whenever
 * the listening connection is lost, nothing is kept and every read goes to the database, so a
 * change can never be missed, only waited for.
 *
 * A read that was under way when a change arrived is not kept: it may have seen the row before it.
 */
export class UserCache {
  private readonly entries = new Map<string, { user: User; storedAt: number }>();
  /** Moves on every change and every change of liveness. */
  private generation = 0;
  private hearing = false;

  constructor(private readonly options: UserCacheOptions = { limit: 10_000, maxAgeMs: 60_000 }) {}

  /** The user with this id, kept or read with `load` (null when there is none). */
  async get(id: string, load: (id: string) => Promise<User | null>, now = Date.now()): Promise<User | null> {
    const entry = this.entries.get(id);
    if (entry && this.hearing && now - entry.storedAt <= this.options.maxAgeMs) {
      // Re-inserted, so the map's order is the order of last use.
      this.entries.delete(id);
      this.entries.set(id, entry);
      return entry.user;
    }
    const generation = this.generation;
    const user = await load(id);
    if (user && this.hearing && generation === this.generation) {
      this.entries.delete(id);
      this.entries.set(id, { user: Object.freeze({ ...user }), storedAt: now });
      if (this.entries.size > this.options.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    return user;
  }

  /** The database reports a change: one user's id, or `*` for any number of them. */
  changed(payload: string): void {
    this.generation++;
    if (payload === '*') this.entries.clear();
    else this.entries.delete(payload);
  }

  /** Whether changes are being heard. Either way, what was kept is forgotten. */
  setLive(live: boolean): void {
    this.generation++;
    this.entries.clear();
    this.hearing = live;
  }

  /** Whether changes are being heard, so users are kept. */
  get live(): boolean {
    return this.hearing;
  }

  get size(): number {
    return this.entries.size;
  }
}
