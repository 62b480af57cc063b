/**
 * The rules of xAPI 1.0.3 (xAPI-Data.md, part two) that Frontline's statements rely on, as a
 * checker for tests and for the LRS stub. Returns what is wrong, each with a JSON path; empty
 * when the statement keeps every rule checked here. Section numbers are the spec's.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// RFC 3339 (the profile of ISO 8601 that §4.5 recommends) with a zone; at least millisecond precision.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,}(Z|[+-]\d{2}:\d{2})$/;
// ISO 8601:2004 4.4.3.2 durations (§4.6): PnYnMnDTnHnMnS, or PnW alone; only the last part may carry a fraction.
const DURATION = /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$|^P\d+(?:\.\d+)?W$/;
// RFC 5646 language tags, in their common shapes: language, optional script, region, variants.
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?(-[a-z0-9]{5,8})*$/i;
const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'];
const COMPONENT_LISTS: Record<string, string[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};
const STATEMENT_KEYS = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'];
const CONTEXT_TYPES = ['parent', 'grouping', 'category', 'other'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** An absolute IRI: a scheme and something after it, no spaces (§4.3; fragments alone are not IRIs). */
export function isIri(value: unknown): boolean {
  return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i.test(value);
}

/** An IRL that resolves: http or https with a host. */
export function isIrl(value: unknown): boolean {
  if (typeof value !== 'string' || !isIri(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}

export const isIsoDuration = (value: unknown) => typeof value === 'string' && DURATION.test(value);

export interface CheckOptions {
  /** Timestamps after this are refused (§2.4.7: a provider MUST NOT use a future time). */
  now?: Date;
}

export function validateStatement(statement: unknown, options: CheckOptions = {}): string[] {
  const errors: string[] = [];
  const fail = (path: string, message: string) => errors.push(`${path}: ${message}`);
  if (!isObject(statement)) return ['statement: must be an object'];

  for (const key of Object.keys(statement)) {
    if (key === 'stored' || key === 'authority') fail(key, 'is set by the LRS (§2.4.8, §2.4.9)');
    else if (key === 'version') {
      if (statement.version !== '1.0.0') fail('version', 'a provider that sets it MUST set 1.0.0, and SHOULD NOT set it (§2.4.10)');
    } else if (!STATEMENT_KEYS.includes(key)) fail(key, 'is not a statement property');
  }

  // §2.4.1, §4.4
  if (typeof statement.id !== 'string' || !UUID.test(statement.id)) fail('id', 'must be a UUID in standard form');

  checkActor(statement.actor, 'actor', fail);

  // §2.4.3
  if (!isObject(statement.verb)) fail('verb', 'is required');
  else {
    if (!isIri(statement.verb.id)) fail('verb.id', 'must be an IRI');
    if (statement.verb.display !== undefined) checkLanguageMap(statement.verb.display, 'verb.display', fail);
  }

  const objectIsActivity = checkObject(statement.object, 'object', fail);

  if (statement.result !== undefined) checkResult(statement.result, 'result', fail);
  if (statement.context !== undefined) checkContext(statement.context, 'context', objectIsActivity, fail);

  // §2.4.7, §4.5
  if (statement.timestamp !== undefined) {
    if (typeof statement.timestamp !== 'string' || !TIMESTAMP.test(statement.timestamp) || Number.isNaN(Date.parse(statement.timestamp))) {
      fail('timestamp', 'must be an ISO 8601 timestamp with a time zone and millisecond precision');
    } else if (options.now && Date.parse(statement.timestamp) > options.now.getTime()) fail('timestamp', 'must not be in the future');
  }
  return errors;
}

type Fail = (path: string, message: string) => void;

function checkLanguageMap(value: unknown, path: string, fail: Fail) {
  // §4.2
  if (!isObject(value)) return fail(path, 'must be a language map');
  if (!Object.keys(value).length) fail(path, 'must have at least one language');
  for (const [tag, text] of Object.entries(value)) {
    if (!LANGUAGE_TAG.test(tag)) fail(`${path}.${tag}`, 'is not an RFC 5646 language tag');
    if (typeof text !== 'string') fail(`${path}.${tag}`, 'must be a string');
  }
}

function checkExtensions(value: unknown, path: string, fail: Fail) {
  // §4.1
  if (!isObject(value)) return fail(path, 'must be an object');
  for (const key of Object.keys(value)) if (!isIri(key)) fail(`${path}["${key}"]`, 'extension keys must be IRIs');
}

function checkActor(actor: unknown, path: string, fail: Fail) {
  // §2.4.2.1, §2.4.2.3, §2.4.2.4
  if (!isObject(actor)) return fail(path, 'is required');
  if (actor.objectType !== undefined && actor.objectType !== 'Agent') fail(`${path}.objectType`, 'must be Agent for a person');
  const identifiers = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((key) => actor[key] !== undefined);
  if (identifiers.length !== 1) fail(path, `must have exactly one inverse functional identifier, has ${identifiers.length}`);
  if (actor.name !== undefined && typeof actor.name !== 'string') fail(`${path}.name`, 'must be a string');
  if (actor.account !== undefined) {
    if (!isObject(actor.account)) fail(`${path}.account`, 'must be an object');
    else {
      if (!isIrl(actor.account.homePage)) fail(`${path}.account.homePage`, 'must be an IRL');
      if (typeof actor.account.name !== 'string' || !actor.account.name) fail(`${path}.account.name`, 'must be a non-empty string');
    }
  }
  if (actor.mbox !== undefined && (typeof actor.mbox !== 'string' || !/^mailto:[^@\s]+@[^@\s]+$/.test(actor.mbox))) fail(`${path}.mbox`, 'must be a mailto IRI');
}

/** Checks an Activity object; returns whether the object is an Activity. */
function checkObject(object: unknown, path: string, fail: Fail): boolean {
  // §2.4.4, §2.4.4.1
  if (!isObject(object)) {
    fail(path, 'is required');
    return false;
  }
  if (object.objectType !== undefined && object.objectType !== 'Activity') {
    fail(`${path}.objectType`, 'only Activity objects are checked here');
    return false;
  }
  checkActivity(object, path, fail);
  return true;
}

function checkActivity(activity: Json, path: string, fail: Fail) {
  if (!isIri(activity.id)) fail(`${path}.id`, 'must be an IRI');
  if (activity.definition === undefined) return;
  const definition = activity.definition;
  if (!isObject(definition)) return fail(`${path}.definition`, 'must be an object');
  if (definition.name !== undefined) checkLanguageMap(definition.name, `${path}.definition.name`, fail);
  if (definition.description !== undefined) checkLanguageMap(definition.description, `${path}.definition.description`, fail);
  if (definition.type !== undefined && !isIri(definition.type)) fail(`${path}.definition.type`, 'must be an IRI');
  if (definition.moreInfo !== undefined && !isIrl(definition.moreInfo)) fail(`${path}.definition.moreInfo`, 'must be an IRL');
  if (definition.extensions !== undefined) checkExtensions(definition.extensions, `${path}.definition.extensions`, fail);

  // §2.4.4.1 Interaction Activities
  const lists = ['choices', 'scale', 'source', 'target', 'steps'].filter((key) => definition[key] !== undefined);
  if (definition.interactionType === undefined) {
    if (lists.length || definition.correctResponsesPattern !== undefined) fail(`${path}.definition`, 'interaction properties need an interactionType');
    return;
  }
  if (typeof definition.interactionType !== 'string' || !INTERACTION_TYPES.includes(definition.interactionType)) {
    return fail(`${path}.definition.interactionType`, `must be one of ${INTERACTION_TYPES.join(', ')}`);
  }
  const allowed = COMPONENT_LISTS[definition.interactionType] ?? [];
  for (const list of lists) {
    if (!allowed.includes(list)) fail(`${path}.definition.${list}`, `is not a component list of a ${definition.interactionType} interaction`);
    const components = definition[list];
    if (!Array.isArray(components)) {
      fail(`${path}.definition.${list}`, 'must be an array of interaction components');
      continue;
    }
    const seen = new Set<string>();
    components.forEach((component, i) => {
      const at = `${path}.definition.${list}[${i}]`;
      if (!isObject(component)) return fail(at, 'must be an object');
      for (const key of Object.keys(component)) if (key !== 'id' && key !== 'description') fail(`${at}.${key}`, 'is not an interaction component property');
      if (typeof component.id !== 'string' || !component.id) fail(`${at}.id`, 'must be a non-empty string');
      else {
        if (/\s/.test(component.id)) fail(`${at}.id`, 'SHOULD NOT contain whitespace');
        if (seen.has(component.id)) fail(`${at}.id`, `"${component.id}" is not distinct in the list`);
        seen.add(component.id);
      }
      if (component.description !== undefined) checkLanguageMap(component.description, `${at}.description`, fail);
    });
  }
  if (definition.correctResponsesPattern !== undefined) {
    const pattern = definition.correctResponsesPattern;
    if (!Array.isArray(pattern) || pattern.some((p) => typeof p !== 'string')) fail(`${path}.definition.correctResponsesPattern`, 'must be an array of strings');
  }
}

function checkResult(result: unknown, path: string, fail: Fail) {
  // §2.4.5
  if (!isObject(result)) return fail(path, 'must be an object');
  if (result.score !== undefined) {
    const score = result.score;
    if (!isObject(score)) fail(`${path}.score`, 'must be an object');
    else {
      for (const key of ['scaled', 'raw', 'min', 'max']) if (score[key] !== undefined && !isNumber(score[key])) fail(`${path}.score.${key}`, 'must be a number');
      if (isNumber(score.scaled) && (score.scaled < -1 || score.scaled > 1)) fail(`${path}.score.scaled`, 'must be between -1 and 1');
      if (isNumber(score.min) && isNumber(score.max) && !(score.min < score.max)) fail(`${path}.score`, 'min must be less than max');
      if (isNumber(score.raw) && isNumber(score.min) && score.raw < score.min) fail(`${path}.score.raw`, 'must not be below min');
      if (isNumber(score.raw) && isNumber(score.max) && score.raw > score.max) fail(`${path}.score.raw`, 'must not be above max');
    }
  }
  for (const key of ['success', 'completion']) if (result[key] !== undefined && typeof result[key] !== 'boolean') fail(`${path}.${key}`, 'must be a boolean');
  if (result.response !== undefined && typeof result.response !== 'string') fail(`${path}.response`, 'must be a string');
  if (result.duration !== undefined && !isIsoDuration(result.duration)) fail(`${path}.duration`, 'must be an ISO 8601 duration');
  if (result.extensions !== undefined) checkExtensions(result.extensions, `${path}.extensions`, fail);
}

function checkContext(context: unknown, path: string, objectIsActivity: boolean, fail: Fail) {
  // §2.4.6
  if (!isObject(context)) return fail(path, 'must be an object');
  if (context.registration !== undefined && (typeof context.registration !== 'string' || !UUID.test(context.registration))) {
    fail(`${path}.registration`, 'must be a UUID');
  }
  for (const key of ['revision', 'platform']) {
    if (context[key] === undefined) continue;
    if (typeof context[key] !== 'string') fail(`${path}.${key}`, 'must be a string');
    if (!objectIsActivity) fail(`${path}.${key}`, 'may only be used when the object is an Activity');
  }
  if (context.language !== undefined && (typeof context.language !== 'string' || !LANGUAGE_TAG.test(context.language))) fail(`${path}.language`, 'must be an RFC 5646 tag');
  if (context.contextActivities !== undefined) {
    const activities = context.contextActivities;
    if (!isObject(activities)) fail(`${path}.contextActivities`, 'must be an object');
    else {
      for (const [kind, value] of Object.entries(activities)) {
        const at = `${path}.contextActivities.${kind}`;
        if (!CONTEXT_TYPES.includes(kind)) fail(at, `must be one of ${CONTEXT_TYPES.join(', ')}`);
        // A single object is allowed, but a provider SHOULD send arrays (§2.4.6.2).
        if (!Array.isArray(value)) fail(at, 'should be an array of Activity objects');
        for (const [i, activity] of (Array.isArray(value) ? value : [value]).entries()) {
          if (!isObject(activity)) fail(`${at}[${i}]`, 'must be an Activity object');
          else {
            if (activity.objectType !== undefined && activity.objectType !== 'Activity') fail(`${at}[${i}].objectType`, 'must be Activity');
            checkActivity(activity, `${at}[${i}]`, fail);
          }
        }
      }
    }
  }
  if (context.extensions !== undefined) checkExtensions(context.extensions, `${path}.extensions`, fail);
}
