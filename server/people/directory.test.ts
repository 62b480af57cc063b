import { beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from './accounts';
import { listUsers, userDetail } from './directory';
import { testBackends } from '../test-support/databases';
import { failure, usePeopleDatabase } from '../test-support/people';

describe.each(testBackends())('people directory on %s', (kind) => {
  const people = usePeopleDatabase(kind);
  const { db, uniqueEmail, newTrainee } = people;

  describe('listing people', () => {
    beforeAll(async () => {
      for (const [name, team] of [
        ['Zed Alpha', 'Listing North'],
        ['Zed Beta', 'Listing North'],
        ['Zed Gamma', 'Listing South'],
      ] as const) {
        await newTrainee(people.admin, { name, team, email: uniqueEmail(`zed-${name.split(' ')[1]!.toLowerCase()}`) });
      }
    });

    it('searches names and emails, filters by role, team and status, and pages on the server', async () => {
      const byName = await listUsers(db(), people.hr, { search: 'zed ' });
      expect(byName.people.map((p) => p.name)).toEqual(['Zed Alpha', 'Zed Beta', 'Zed Gamma']);
      expect((await listUsers(db(), people.hr, { search: 'ZED-GAMMA' })).people.map((p) => p.name)).toEqual(['Zed Gamma']);
      // A % in a search is a character, not a wildcard.
      expect((await listUsers(db(), people.hr, { search: '%' })).total).toBe(0);
      expect((await listUsers(db(), people.hr, { search: 'zed', team: 'Listing North' })).total).toBe(2);
      expect((await listUsers(db(), people.hr, { role: 'trainer' })).people.every((p) => p.role === 'trainer')).toBe(true);
      expect(byName.teams).toEqual(expect.arrayContaining(['Listing North', 'Listing South']));

      const gamma = byName.people[2]!;
      await updateUser(db(), people.admin, gamma.id, { active: false });
      expect((await listUsers(db(), people.hr, { search: 'zed', status: 'active' })).people.map((p) => p.name)).toEqual(['Zed Alpha', 'Zed Beta']);
      expect((await listUsers(db(), people.hr, { search: 'zed', status: 'deactivated' })).people.map((p) => p.name)).toEqual(['Zed Gamma']);

      const second = await listUsers(db(), people.hr, { search: 'zed', pageSize: 2, page: 2 });
      expect([second.total, second.page, second.pageCount, second.people.map((p) => p.name)]).toEqual([3, 2, 2, ['Zed Gamma']]);
      expect((await listUsers(db(), people.hr, { search: 'zed', pageSize: 2, page: 99 })).page).toBe(2);
      expect(JSON.stringify(second)).not.toContain('passwordHash');
    });

    it('is refused to trainers and trainees', async () => {
      expect((await failure(listUsers(db(), people.trainer))).status).toBe(403);
    });

    it('shows the details, the pending link and what the reader may do', async () => {
      const { user } = await newTrainee();
      const forHr = await userDetail(db(), people.hr, user.id);
      expect(forHr.pendingLink?.purpose).toBe('new-account');
      expect(forHr.permissions).toEqual({ edit: true, changeRole: false, changeActive: false, createLink: true });
      expect((await userDetail(db(), people.hr, people.trainer.id)).permissions).toEqual({ edit: false, changeRole: false, changeActive: false, createLink: false });
      expect((await userDetail(db(), people.admin, people.admin.id)).permissions).toEqual({ edit: true, changeRole: false, changeActive: false, createLink: true });
      expect((await userDetail(db(), people.admin, people.trainer.id)).permissions).toEqual({ edit: true, changeRole: true, changeActive: true, createLink: true });
      expect((await failure(userDetail(db(), people.admin, '00000000-0000-0000-0000-000000000000'))).status).toBe(404);
    });
  });
});
