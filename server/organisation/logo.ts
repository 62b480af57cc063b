import 'server-only';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE, LOGO_MIN_SIDE } from '@/lib/organisation-limits';
import { HttpError } from '../platform/errors';

/**
 * An uploaded logo, checked so the certificate can embed it (decision 041): PNG or JPEG told by its
 * first bytes (never by a name or a declared type), its size read from the image's own header and
 * held to limits, and then embedded once in a throwaway PDF, so a file pdfkit cannot read is
 * refused at upload rather than breaking every certificate afterwards.
 */

export type LogoType = 'image/png' | 'image/jpeg';

export interface CheckedLogo {
  bytes: Buffer;
  type: LogoType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const refuse = (message: string): never => {
  throw new HttpError(400, 'invalid-logo', message, { field: 'image' });
};

/** A PNG's size from its IHDR chunk, which must come first. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') refuse('The PNG is cut short or damaged: it has no image header.');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Samples per pixel by PNG colour type: grey, RGB, palette, grey and alpha, RGBA. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** The seven passes of Adam7 interlacing: first column and row, then the steps between them. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Inflates a PNG's pixel data and checks it is exactly as long as its header says: pdfkit passes
 * many PNGs into the PDF without decoding them, so a file whose data does not match its header
 * would only fail later, in the reader of every certificate. Run after the size limits, so what is
 * inflated is bounded.
 */
function pngDataMatches(bytes: Buffer, width: number, height: number): boolean {
  const depth = bytes[24]!;
  const channels = PNG_CHANNELS[bytes[25]!];
  const interlaced = bytes[28] === 1;
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(depth)) return false;
  const rowBytes = (w: number) => Math.ceil((w * channels * depth) / 8);
  const passes = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) expected += h * (1 + rowBytes(w));
  }
  const data: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > bytes.length) return false;
    if (type === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  try {
    return inflateSync(Buffer.concat(data), { maxOutputLength: expected + 1 }).length === expected;
  } catch {
    return false;
  }
}

/** A JPEG's size from its start-of-frame segment, walking the segments from the start. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) refuse('The JPEG is damaged: its segments do not follow one another.');
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15 carry the size; C4 (Huffman tables), C8 and CC (arithmetic coding) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    if (marker === 0xda || length < 2) break; // image data begins: no frame header came before it
    at += 2 + length;
  }
  return refuse('The JPEG is cut short or damaged: it has no frame header giving its size.');
}

/** Embeds the image in a PDF that is thrown away, to the end: pdfkit decodes a PNG only as the document finishes. */
async function embedsInPdf(bytes: Buffer): Promise<boolean> {
  try {
    const doc = new PDFDocument({ size: 'A6', margin: 0 });
    const done = new Promise<void>((resolve, reject) => {
      doc.on('data', () => undefined);
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    doc.image(bytes, 0, 0, { fit: [100, 100] });
    doc.end();
    await done;
    return true;
  } catch {
    return false;
  }
}

/** Checks an uploaded logo; anything else is a 400 saying what is wrong with it. */
export async function checkLogo(bytes: Buffer): Promise<CheckedLogo> {
  if (bytes.length === 0) refuse('The file is empty.');
  if (bytes.length > LOGO_MAX_BYTES) refuse(`The logo is ${Math.ceil(bytes.length / 1024)} KB; the largest accepted is ${LOGO_MAX_BYTES / 1024} KB.`);
  const type: LogoType | null = bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? 'image/png' : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? 'image/jpeg' : null;
  if (type === null) return refuse('The logo must be a PNG or JPEG image; this file is neither, whatever its name says.');
  const { width, height } = type === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE) refuse(`The logo is ${width} × ${height} pixels; it needs at least ${LOGO_MIN_SIDE} on each side.`);
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) refuse(`The logo is ${width} × ${height} pixels; the largest accepted is ${LOGO_MAX_SIDE} on each side.`);
  if (type === 'image/png' && !pngDataMatches(bytes, width, height)) refuse('The PNG is damaged: its pixels do not match the size its header gives. Save it again and retry.');
  if (!(await embedsInPdf(bytes)))
    refuse('The image could not be read: it may be damaged, or a kind of PNG or JPEG the certificate cannot print. Save it again as a plain PNG and retry.');
  return { bytes, type, width, height };
}
