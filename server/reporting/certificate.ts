import 'server-only';
import { organisationProfile, type OrganisationLogo } from '../organisation/settings';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, gte, inArray, lte, max, or } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { writeDate } from '@/lib/dates';
import { displayPercent } from '@/lib/labels';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import { assignments, attempts, moduleVersions, scenarioVersions, users, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { parseStep, stepPlayed } from '../onboarding/module-steps';
import { stepTitles } from '../onboarding/modules';
import { retiredSteps } from '../onboarding/retired-steps';
import { dateIn } from '../../lib/dates';
import { isUuid } from '@/lib/uuid';

/**
 * Completion certificates: a one-page PDF for a completed assignment, made with pdfkit
 * (docs/decisions/015-pdf-certificates.md).
 */

export interface CertificateData {
  /** The assignment's id, which is also the certificate's. */
  certificateId: string;
  userId: string;
  personName: string;
  moduleTitle: string;
  moduleVersion: number;
  completedAt: Date;
  /** The calendar day of completion in the organisation's zone, YYYY-MM-DD. */
  completedOn: string;
  /** The same day written out: "23 November 2026". */
  completedOnText: string;
  timeZone: string;
  /**
   * The module's scenarios in order, each with the best overall percent of a passing attempt that
   * counted. A step retired before it was passed was not required, and is not listed: the certificate
   * names what was passed (docs/decisions/035-retired-scenarios-in-modules.md).
   */
  scenarios: { scenarioId: string; title: string; percent: number | null }[];
  /** The name the certificate is issued in: the admin's setting, or FRONTLINE_ORGANISATION_NAME (decision 041). */
  organisation: string;
  /** Who signs it, when an admin has named someone. */
  signatory: { name: string; title: string | null } | null;
  /** The organisation's logo, checked on upload so pdfkit can embed it. */
  logo: OrganisationLogo | null;
}

/**
 * The certificate of a completed assignment, for its owner and for the roles that see results; to
 * anyone else it does not exist. An assignment not completed yet has no certificate (409).
 */
export async function certificateFor(db: Database, reader: Pick<User, 'id' | 'role'>, assignmentId: string, timeZone: string): Promise<CertificateData> {
  if (typeof assignmentId !== 'string' || !isUuid(assignmentId)) throw new RecordNotFoundError('assignment');
  const [row] = await db
    .select({ assignment: assignments, version: moduleVersions, personName: users.name })
    .from(assignments)
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(eq(assignments.id, assignmentId));
  if (!row || (row.assignment.userId !== reader.id && !hasRole(reader, ROLES_THAT.seeResults))) throw new RecordNotFoundError('assignment');
  const { assignment, version } = row;
  if (!assignment.completedAt) {
    throw new HttpError(
      409,
      'not-completed',
      `“${version.title}” is not completed yet: its certificate is issued once every scenario in it has been passed (${assignment.passedCount} of ${version.steps.length} so far).`,
    );
  }

  // The passes that completed it: on the module's steps (a scenario, or any variant of a pool),
  // between the assignment and its completion.
  const poolIds = version.steps.flatMap((step) => {
    const parsed = parseStep(step);
    return parsed.kind === 'pool' ? [parsed.poolId] : [];
  });
  const passes = await db
    .select({ scenarioId: scenarioVersions.scenarioId, poolId: scenarioVersions.poolId, percent: max(attempts.overallPercent) })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(
      and(
        eq(attempts.userId, assignment.userId),
        eq(attempts.status, 'completed'),
        eq(attempts.passed, true),
        poolIds.length ? or(inArray(scenarioVersions.scenarioId, version.steps), inArray(scenarioVersions.poolId, poolIds)) : inArray(scenarioVersions.scenarioId, version.steps),
        gte(attempts.completedAt, assignment.assignedAt),
        lte(attempts.completedAt, assignment.completedAt),
      ),
    )
    .groupBy(scenarioVersions.scenarioId, scenarioVersions.poolId);
  const bestOf = new Map<string, number>();
  for (const pass of passes) {
    const step = stepPlayed(version.steps, pass);
    if (step && pass.percent !== null && pass.percent > (bestOf.get(step) ?? -1)) bestOf.set(step, pass.percent);
  }
  const [titles, retired, profile] = await Promise.all([stepTitles(db, version.steps), retiredSteps(db, version.steps), organisationProfile(db)]);
  const completedOn = dateIn(timeZone, assignment.completedAt);
  return {
    certificateId: assignment.id,
    userId: assignment.userId,
    personName: row.personName,
    moduleTitle: version.title,
    moduleVersion: version.version,
    completedAt: assignment.completedAt,
    completedOn,
    completedOnText: writeDate(completedOn),
    timeZone,
    scenarios: version.steps.filter((id) => bestOf.has(id) || !retired.has(id)).map((id) => ({ scenarioId: id, title: titles.get(id) ?? id, percent: bestOf.get(id) ?? null })),
    organisation: profile.name,
    signatory: profile.signatory,
    logo: profile.logo,
  };
}

/** A download name in plain ASCII (the header's fallback), e.g. "certificate-welcome-module-zoe-angstrom.pdf". */
export function certificateFileName(data: Pick<CertificateData, 'moduleTitle' | 'personName'>): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ł/gi, 'l')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '');
  return `${['certificate', slug(data.moduleTitle), slug(data.personName)].filter(Boolean).join('-')}.pdf`;
}

/*
 * The standard PDF fonts cover only Windows-1252, so names like "Łukasz" need an embedded font:
 * DejaVu Sans (Latin, Latin Extended, Greek, Cyrillic) from the dejavu-fonts-ttf package, subset by
 * pdfkit to the glyphs used. Read from node_modules at run time, like pdfkit's own font metrics,
 * and kept in memory after the first certificate.
 */
const FONT_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf');
const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
let fonts: Promise<Record<keyof typeof FONT_FILES, Buffer>> | null = null;

function loadFonts() {
  fonts ??= Promise.all([readFile(path.join(/*turbopackIgnore: true*/ FONT_DIR, FONT_FILES.regular)), readFile(path.join(/*turbopackIgnore: true*/ FONT_DIR, FONT_FILES.bold))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((error: unknown) => {
      fonts = null;
      throw error;
    });
  return fonts;
}

/** Where the logo fits, in points: its longer side scales down to this box. */
const LOGO_BOX = { x: 48, y: 44, width: 130, height: 50 } as const;
const SIGNATORY_WIDTH = 220;

/** A line to sign on, the signatory's name under it, and their title. */
function drawSignatory(doc: PDFKit.PDFDocument, signatory: NonNullable<CertificateData['signatory']>, x: number, y: number) {
  doc
    .moveTo(x, y)
    .lineTo(x + SIGNATORY_WIDTH, y)
    .lineWidth(0.75)
    .strokeColor(COLOURS.muted)
    .stroke();
  doc
    .font('bold')
    .fontSize(11)
    .fillColor(COLOURS.text)
    .text(signatory.name, x, y + 5, { width: SIGNATORY_WIDTH, align: 'center', height: 14, ellipsis: true });
  if (signatory.title)
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(COLOURS.muted)
      .text(signatory.title, x, y + 20, { width: SIGNATORY_WIDTH, align: 'center', height: 12, ellipsis: true });
}

/** Line height of the scenario list, in multiples of its type size. */
const LIST_LEADING = 1.6;

const COLOURS = { brand: '#0f766e', brandDark: '#134e4a', text: '#0f172a', muted: '#475569', rule: '#99f6e4' } as const;

export interface RenderOptions {
  /** The site's address, for the verification line. */
  siteUrl: string;
  /** Deflate the page content; tests turn it off to read the text back more simply. */
  compress?: boolean;
}

/** The certificate as a one-page A4 landscape PDF. */
export async function renderCertificate(data: CertificateData, options: RenderOptions): Promise<Buffer> {
  const { regular, bold } = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    compress: options.compress ?? true,
    info: {
      Title: `Certificate of completion: ${data.moduleTitle}`,
      Author: data.organisation,
      Subject: `${data.personName} completed ${data.moduleTitle} (version ${data.moduleVersion}) on ${data.completedOnText}`,
      CreationDate: data.completedAt,
    },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  drawCertificate(doc, data, options.siteUrl);
  doc.end();
  return finished;
}

/** Writes one centred line, shrinking the type until it fits the width (down to `minSize`, then it wraps). */
function centred(doc: PDFKit.PDFDocument, text: string, y: number, font: 'regular' | 'bold', size: number, colour: string, width: number, left: number, minSize = size) {
  doc.font(font).fillColor(colour);
  let fitted = size;
  while (fitted > minSize && doc.fontSize(fitted).widthOfString(text) > width) fitted -= 1;
  doc.fontSize(fitted).text(text, left, y, { width, align: 'center' });
  return doc.y;
}

function drawCertificate(doc: PDFKit.PDFDocument, data: CertificateData, site: string) {
  const { width: pageWidth, height: pageHeight } = doc.page;
  // A double frame.
  doc
    .lineWidth(3)
    .strokeColor(COLOURS.brand)
    .rect(24, 24, pageWidth - 48, pageHeight - 48)
    .stroke();
  doc
    .lineWidth(0.75)
    .strokeColor(COLOURS.brand)
    .rect(32, 32, pageWidth - 64, pageHeight - 64)
    .stroke();

  const left = 80;
  const width = pageWidth - 2 * left;

  // The logo in the top left corner, inside the frame, scaled to fit its box whatever its shape.
  // It ends above the title; the organisation's name keeps clear of it on both sides, shrinking to fit.
  if (data.logo) doc.image(data.logo.bytes, LOGO_BOX.x, LOGO_BOX.y, { fit: [LOGO_BOX.width, LOGO_BOX.height] });
  const nameLeft = data.logo ? LOGO_BOX.x + LOGO_BOX.width + 12 : left;

  centred(doc, data.organisation, 72, 'bold', 14, COLOURS.brand, pageWidth - 2 * nameLeft, nameLeft, 9);
  let y = centred(doc, 'Certificate of completion', 98, 'bold', 34, COLOURS.brandDark, width, left);
  doc
    .moveTo(pageWidth / 2 - 70, y + 10)
    .lineTo(pageWidth / 2 + 70, y + 10)
    .lineWidth(1.5)
    .strokeColor(COLOURS.rule)
    .stroke();

  y = centred(doc, 'This certifies that', y + 32, 'regular', 13, COLOURS.muted, width, left);
  y = centred(doc, data.personName, y + 10, 'bold', 32, COLOURS.text, width, left, 18);
  y = centred(doc, 'has completed the training module', y + 12, 'regular', 13, COLOURS.muted, width, left);
  y = centred(doc, data.moduleTitle, y + 10, 'bold', 24, COLOURS.text, width, left, 14);
  y = centred(doc, `Version ${data.moduleVersion} · completed on ${data.completedOnText}`, y + 6, 'regular', 13, COLOURS.text, width, left);

  // The scenarios passed, with their best scores: one centred column, two for a long module, smaller
  // type as it grows, and past what a page holds the rest counted instead of listed.
  y += 26;
  doc.font('bold').fontSize(12).fillColor(COLOURS.brandDark).text('Scenarios passed', left, y, { width, align: 'center' });
  const top = doc.y + 6;
  // A signatory takes the space above the footer.
  const room = pageHeight - (data.signatory ? 168 : 124) - top;
  const columns = data.scenarios.length > 6 ? 2 : 1;
  const minSize = 7;
  const fits = columns * Math.floor(room / (minSize * LIST_LEADING));
  const shown = data.scenarios.length > fits ? data.scenarios.slice(0, fits - 1) : data.scenarios;
  const entries = [
    ...shown.map((s) => ({ title: s.title, score: s.percent === null ? 'passed' : `best score ${displayPercent(s.percent)}%` })),
    ...(shown.length < data.scenarios.length ? [{ title: `and ${data.scenarios.length - shown.length} more, all passed`, score: '' }] : []),
  ];
  const perColumn = Math.max(1, Math.ceil(entries.length / columns));
  const size = Math.max(minSize, Math.min(12, Math.floor(room / perColumn / LIST_LEADING)));
  const gap = 28;
  const listWidth = columns === 1 ? Math.min(width, 460) : width;
  const columnWidth = (listWidth - gap * (columns - 1)) / columns;
  const listLeft = (pageWidth - listWidth) / 2;
  doc.fontSize(size).fillColor(COLOURS.text);
  entries.forEach((entry, i) => {
    const x = listLeft + Math.floor(i / perColumn) * (columnWidth + gap);
    const rowTop = top + (i % perColumn) * size * LIST_LEADING;
    const scoreWidth = entry.score ? doc.font('bold').widthOfString(entry.score) : 0;
    // The title first, so the text reads (and copies) in order.
    doc.font('regular').text(entry.title, x, rowTop, { width: columnWidth - scoreWidth - 12, height: size * 1.3, ellipsis: true });
    if (entry.score) doc.font('bold').text(entry.score, x + columnWidth - scoreWidth, rowTop, { lineBreak: false });
    const rule = rowTop + size * (LIST_LEADING - 0.35);
    doc
      .moveTo(x, rule)
      .lineTo(x + columnWidth, rule)
      .lineWidth(0.3)
      .strokeColor('#cbd5e1')
      .stroke();
  });

  if (data.signatory) drawSignatory(doc, data.signatory, pageWidth - left - SIGNATORY_WIDTH, pageHeight - 160);

  // The certificate's id and how to check it, each address on a line of its own so it never breaks.
  const footer = pageHeight - 104;
  const lines = [
    `Certificate ID: ${data.certificateId}`,
    `To verify it, HR at ${data.organisation} can open the training record at ${site}/hr/people/${data.userId}`,
    `The holder can download this certificate again at ${site}/api/assignments/${data.certificateId}/certificate`,
    `Dates are in the organisation’s time zone (${data.timeZone}).`,
  ];
  y = footer;
  for (const line of lines) y = centred(doc, line, y, 'regular', 9, COLOURS.muted, width, left, 6) + 2;
}
