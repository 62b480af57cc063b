import { certificateFileName, certificateFor, renderCertificate, siteUrl } from '@/server/reporting/certificate';
import { settings } from '@/server/platform/config';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * The completion certificate of an assignment, as a PDF download: for its owner and for HR and
 * admins; anyone else gets 404, and an assignment not completed yet 409.
 */
export const GET = route.get({ access: 'signed-in', params: ['assignmentId'] }, async ({ request, actor, params }) => {
  const { db } = await database();
  const data = await certificateFor(db, actor, params.assignmentId, settings().timeZone);
  const pdf = await renderCertificate(data, { siteUrl: siteUrl(request) });
  const filename = certificateFileName(data);
  const written = `Certificate - ${data.moduleTitle} - ${data.personName}.pdf`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '');
  const encoded = encodeURIComponent(written).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      // The plain name for old clients, the person's name as written for the rest.
      'Content-Disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encoded}`,
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
    },
  });
});
