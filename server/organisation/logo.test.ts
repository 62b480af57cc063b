import { describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '@/lib/organisation-limits';
import { HttpError } from '../platform/errors';
import { checkLogo } from './logo';
import { JPEG_LOGO, pngOf } from './test-fixtures/images';

/** The refusal checkLogo gives, as the API would answer it. */
async function refusal(bytes: Buffer) {
  const error = await checkLogo(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  const http = error as HttpError;
  return { status: http.status, message: http.message };
}

describe('checking an uploaded logo', () => {
  it('takes a PNG and a JPEG, told by their first bytes, with the size from their own headers', async () => {
    expect(await checkLogo(pngOf(200, 80))).toMatchObject({ type: 'image/png', width: 200, height: 80 });
    expect(await checkLogo(JPEG_LOGO)).toMatchObject({ type: 'image/jpeg', width: 240, height: 96 });
  });

  it('refuses anything else whatever it claims to be: a GIF, an SVG, text, nothing', async () => {
    expect(await refusal(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toEqual({
      status: 400,
      message: 'The logo must be a PNG or JPEG image; this file is neither, whatever its name says.',
    });
    expect((await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).status).toBe(400);
    expect((await refusal(Buffer.alloc(0))).message).toBe('The file is empty.');
  });

  it('refuses a file over the size limit, and images too small or too large in pixels', async () => {
    const big = Buffer.concat([pngOf(20, 20), Buffer.alloc(LOGO_MAX_BYTES)]);
    expect((await refusal(big)).message).toMatch(/the largest accepted is 512 KB/);
    expect((await refusal(pngOf(8, 8))).message).toBe('The logo is 8 × 8 pixels; it needs at least 16 on each side.');
    // A header claiming 30,000 pixels a side is refused before anything is decoded.
    expect((await refusal(pngOf(20, 20, { width: 30_000, height: 30_000 }))).message).toBe('The logo is 30000 × 30000 pixels; the largest accepted is 2000 on each side.');
  });

  it('refuses a damaged file that starts like an image: cut short, or pixels that do not match the header', async () => {
    expect((await refusal(pngOf(40, 40).subarray(0, 20))).message).toBe('The PNG is cut short or damaged: it has no image header.');
    expect((await refusal(JPEG_LOGO.subarray(0, 40))).message).toMatch(/The JPEG is cut short or damaged|The JPEG is damaged/);
    // A header saying 64 × 64 over 20 × 20 pixels of data, which pdfkit would copy into the PDF as it is.
    expect((await refusal(pngOf(20, 20, { width: 64, height: 64 }))).message).toBe(
      'The PNG is damaged: its pixels do not match the size its header gives. Save it again and retry.',
    );
  });
});
