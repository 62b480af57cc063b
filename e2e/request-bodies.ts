/**
 * A valid body for every JSON route, named by the schema that reads it (the `body` each route
 * handler declares, server/platform/route.ts). The fuzz test (e2e/fuzz-inputs.spec.ts) spoils one
 * field of one of these at a time, so each bad value meets the rest of a body the route would
 * accept and is read where it would be read. `scripts/request-bodies.test.ts` holds this file to
 * the routes' declarations: every schema a route reads is here with that route, every body
 * parses, every field is covered, and every spoiled body is one the schema refuses. `{name}`
 * stands for a record the fuzz test makes first.
 *
 * Plain data and functions, no imports: Playwright and Vitest both read it.
 */

export interface RouteBodies {
  /** `METHOD /app/route/[pattern]`, as in app/. */
  routes: string[];
  /** One valid body per shape the schema allows (one per branch of a union). */
  bodies: Record<string, unknown>[];
  /** Fields meant to carry long text (a CSV, a scenario's source): 10,000 characters is no fault there. */
  longText?: string[];
  /** Fields where null means "none". */
  nullable?: string[];
  /** Fields whose length the service checks after the schema, whose own bound is looser. */
  lengthCheckedByService?: string[];
}

export const REQUEST_BODIES: Record<string, RouteBodies> = {
  createPersonBody: {
    routes: ['POST /api/admin/users'],
    bodies: [{ name: 'Fuzz Person', email: 'fuzz-person@example.test', role: 'trainee', team: 'Fuzz', startDate: '2026-01-05' }],
    nullable: ['team', 'startDate'],
  },
  updatePersonBody: {
    routes: ['PATCH /api/admin/users/[userId]'],
    bodies: [{ name: 'Fuzz Target', team: 'Fuzz', startDate: '2026-01-05', role: 'trainee', active: true }],
    nullable: ['team', 'startDate'],
  },
  importBody: { routes: ['POST /api/admin/users/import'], bodies: [{ csv: 'name,email\nFuzz Import,fuzz-import@example.test\n', commit: false }], longText: ['csv'] },
  passwordLinkBody: { routes: ['POST /api/admin/users/[userId]/password-link'], bodies: [{ replaceEarlierLinks: true }] },
  erasureRequestBody: { routes: ['POST /api/admin/users/[userId]/erase'], bodies: [{ mode: 'anonymise', confirmEmail: 'nobody@example.test' }] },
  setPasswordBody: { routes: ['POST /api/password'], bodies: [{ token: 'not-a-link', password: 'seven quiet harbours hold amber lanterns' }] },
  startAttemptBody: { routes: ['POST /api/attempts'], bodies: [{ scenarioId: 'closing-well', timeMode: 'off' }] },
  choiceBody: {
    routes: ['POST /api/attempts/[attemptId]/choices'],
    bodies: [
      { seq: 0, event: 'GREET' },
      { seq: 0, option: 1, typed: 'I will look into it for you now' },
    ],
  },
  typedReplyBody: { routes: ['POST /api/attempts/[attemptId]/typed-replies'], bodies: [{ seq: 0, text: 'I am sorry, let me check the tracking for you' }] },
  replyRetryBody: { routes: ['POST /api/attempts/[attemptId]/reply-retries'], bodies: [{ seq: 0 }] },
  timeModeBody: { routes: ['POST /api/attempts/[attemptId]/time-mode', 'POST /api/settings'], bodies: [{ timeMode: 'standard' }] },
  newScenarioBody: {
    routes: ['POST /api/author/scenarios'],
    bodies: [
      { mode: 'blank', title: 'Fuzz blank', id: 'fuzz-blank' },
      { mode: 'duplicate', fromScenarioId: 'closing-well', version: 1, title: 'Fuzz copy', id: 'fuzz-copy' },
      { mode: 'import', source: '{}', fileName: 'fuzz.json' },
    ],
    longText: ['source'],
  },
  saveDraftBody: { routes: ['PUT /api/author/scenarios/[scenarioId]/draft'], bodies: [{ source: '{}', baseRevision: 1 }], longText: ['source'] },
  restoreBody: { routes: ['POST /api/author/scenarios/[scenarioId]/revisions/[revision]/restore'], bodies: [{ baseRevision: 1 }] },
  revisionNoteBody: { routes: ['PATCH /api/author/scenarios/[scenarioId]/revisions/[revision]'], bodies: [{ note: 'Fuzz note' }] },
  publishBody: { routes: ['POST /api/author/scenarios/[scenarioId]/publish'], bodies: [{ revision: 1, changeNote: 'Fuzz', acknowledgeWarnings: true }] },
  archiveBody: { routes: ['POST /api/author/scenarios/[scenarioId]/archive'], bodies: [{ archived: true, confirm: true }] },
  moduleBody: {
    routes: ['POST /api/modules', 'PUT /api/modules/[moduleId]'],
    bodies: [{ title: 'Fuzz module', description: 'About', steps: ['closing-well'], defaultDueDays: 7, ownWords: false }],
    lengthCheckedByService: ['description'],
  },
  assignmentRuleBody: {
    routes: ['POST /api/modules/[moduleId]/rules'],
    bodies: [
      { kind: 'person', userId: '{trainee}', dueDate: '2027-01-01' },
      { kind: 'team', team: 'Fuzz', dueDate: '' },
      { kind: 'cohort', cohortFrom: '2026-01-01', cohortTo: '2026-02-01', dueDate: '2027-01-01' },
    ],
    nullable: ['dueDate'],
  },
  removeRuleBody: { routes: ['POST /api/assignment-rules/[ruleId]/remove'], bodies: [{ confirm: true }] },
  remindBody: {
    routes: ['POST /api/hr/reminders'],
    bodies: [
      { confirm: true, userId: '{trainee}' },
      { confirm: true, overdueIn: 'status=overdue' },
    ],
  },
  remindersBody: { routes: ['POST /api/reminders/[token]', 'POST /api/settings/reminders'], bodies: [{ reminders: 'on' }] },
  registerPlatformBody: {
    routes: ['POST /api/admin/lti/platforms'],
    bodies: [
      {
        name: 'Fuzz LMS',
        issuer: 'https://fuzz-lms.example',
        clientId: 'fuzz-client',
        deploymentIds: ['1'],
        authUrl: 'https://fuzz-lms.example/auth',
        tokenUrl: 'https://fuzz-lms.example/token',
        jwksUrl: 'https://fuzz-lms.example/jwks',
        instructorsAsTrainers: false,
      },
    ],
  },
  removePlatformBody: { routes: ['POST /api/admin/lti/platforms/[platformId]/remove'], bodies: [{ confirm: true }] },
  // Empty texts keep the environment's name and no signatory, so a run leaves certificates as they were.
  organisationDetailsBody: { routes: ['PUT /api/admin/organisation'], bodies: [{ name: '', signatoryName: '', signatoryTitle: '' }] },
  logoBody: {
    routes: ['PUT /api/admin/organisation/logo'],
    bodies: [{ image: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' }],
    longText: ['image'],
  },
  removeLogoBody: { routes: ['DELETE /api/admin/organisation/logo'], bodies: [{}] },
  loginInitiation: {
    routes: ['POST /api/lti/login'],
    bodies: [{ iss: 'https://fuzz-lms.example', login_hint: 'fuzz', target_link_uri: 'http://localhost/', client_id: 'x', lti_deployment_id: '1', lti_message_hint: 'm' }],
  },
  launchBody: { routes: ['POST /api/lti/launch'], bodies: [{ id_token: 'not.a.token', state: 'fuzz-state' }], longText: ['id_token'] },
  openLaunchBody: { routes: ['POST /api/lti/open', 'POST /api/scorm/open'], bodies: [{ ticket: 'not-a-ticket' }] },
  packageRequestBody: { routes: ['POST /api/scorm/packages'], bodies: [{ scenarioId: 'closing-well' }] },
  scormLaunchBody: {
    routes: ['POST /api/scorm/launch'],
    bodies: [
      {
        packageId: '00000000-0000-4000-8000-000000000000',
        key: 'not-the-key-of-any-package',
        studentId: 'fuzz-student',
        studentName: 'Fuzz, Student',
        learnerSecret: 'not-the-secret-of-any-learner',
      },
    ],
    nullable: ['learnerSecret'],
  },
  deepLinkBody: { routes: ['POST /api/lti/deep-link/[launchId]'], bodies: [{ 'scenario:closing-well': 'on' }] },
};

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

/**
 * The bad values for one field, given its valid value: text the database cannot store, text too
 * long, every JSON type but the field's own, and numbers out of range for a number.
 */
export function badValues(entry: RouteBodies, field: string, valid: unknown, long = false): Record<string, unknown> {
  const values: Record<string, unknown> = { nul: 'a\u0000b', 'lone surrogate': 'a\uD800b' };
  if (!entry.longText?.includes(field)) {
    values['10,000 characters'] = 'x'.repeat(10_000);
    if (long) values['100,000 characters'] = 'x'.repeat(100_000);
  }
  const wrongTypes: Record<string, unknown> = { number: 12345, string: 'fuzz', boolean: false, array: ['a', 1], object: { nested: true } };
  for (const [type, value] of Object.entries(wrongTypes)) {
    const own = Array.isArray(valid) ? 'array' : typeof valid;
    if (type !== own) values[type] = value;
  }
  if (!entry.nullable?.includes(field)) values.null = null;
  if (typeof valid === 'number') Object.assign(values, { negative: -1, fraction: 1.5 });
  if (long) values['nested 2,000 deep'] = nested(2_000);
  return values;
}

/** Each body with one field spoiled, named for the report. */
export function spoiledBodies(entry: RouteBodies, long = false): { what: string; body: Record<string, unknown> }[] {
  return entry.bodies.flatMap((body) =>
    Object.entries(body).flatMap(([field, valid]) =>
      Object.entries(badValues(entry, field, valid, long)).map(([name, value]) => ({
        what: `${JSON.stringify(body).slice(0, 40)}… ${field} = ${name}`,
        body: { ...body, [field]: value },
      })),
    ),
  );
}

/** The entry for a route of the permission matrix, `METHOD /concrete/{placeholder}/path`. */
export function entryFor(method: string, route: string): RouteBodies | undefined {
  const have = route.split('?')[0]!.split('/').filter(Boolean);
  return Object.values(REQUEST_BODIES).find((entry) =>
    entry.routes.some((pattern) => {
      const [patternMethod, path] = pattern.split(' ');
      const want = path!.split('/').filter(Boolean);
      return patternMethod === method && want.length === have.length && want.every((segment, i) => /^\[.+\]$/.test(segment) || segment === have[i]);
    }),
  );
}
