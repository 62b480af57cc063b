'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/admin/send-json';
import { FormOutcome } from '@/components/admin/FormOutcome';
import { buttonStyles } from '@/components/ui/styles';
import { fieldHint, fieldLabel } from '@/components/ui/form-styles';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE } from '@/lib/organisation-limits';

/** The file's bytes in base64, as the logo route reads them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Uploads, replaces or removes the certificate's logo; the server checks the file itself (decision 041). */
export function LogoForm({ current }: { current: { type: string; width: number; height: number; version: string } | null }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const file = new FormData(formElement).get('logo');
    setError(null);
    setDone(null);
    if (!(file instanceof File) || file.size === 0) {
      setError('Choose a PNG or JPEG file first.');
      return;
    }
    // Said here to save a long upload; the server checks again, and checks what the file really is.
    if (file.size > LOGO_MAX_BYTES) {
      setError(`The file is ${Math.ceil(file.size / 1024)} KB; the largest accepted is ${LOGO_MAX_BYTES / 1024} KB.`);
      return;
    }
    setPending(true);
    const answer = await sendJson<{ logo: { width: number; height: number } }>('/api/admin/organisation/logo', 'PUT', { image: await base64Of(file) });
    setPending(false);
    if (!answer.ok || !answer.data) {
      setError(answer.message);
      return;
    }
    setDone(`The logo (${answer.data.logo.width} × ${answer.data.logo.height} pixels) is on new certificates.`);
    formElement.reset();
    router.refresh();
  }

  async function remove() {
    setError(null);
    setDone(null);
    setPending(true);
    const answer = await sendJson('/api/admin/organisation/logo', 'DELETE', {});
    setPending(false);
    if (!answer.ok) {
      setError(answer.message);
      return;
    }
    setDone('The logo is removed: new certificates have none.');
    router.refresh();
  }

  return (
    <div>
      {current ? (
        <div className="flex flex-wrap items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- an admin-only image served by the API, not worth the image optimiser */}
          <img
            src={`/api/admin/organisation/logo?v=${encodeURIComponent(current.version)}`}
            alt="The current logo"
            width={current.width}
            height={current.height}
            className="h-auto max-h-16 w-auto max-w-40 rounded border border-slate-200 bg-white p-1"
          />
          <p className="text-sm text-slate-700">
            {current.type === 'image/png' ? 'PNG' : 'JPEG'}, {current.width} × {current.height} pixels.
          </p>
          <button type="button" className={buttonStyles.secondary} onClick={() => void remove()} disabled={pending}>
            Remove the logo
          </button>
        </div>
      ) : (
        <p className="text-sm text-slate-700">No logo yet: certificates show the organisation&rsquo;s name alone.</p>
      )}
      <form onSubmit={upload} noValidate className="mt-4">
        <label htmlFor={`${id}-logo`} className={fieldLabel}>
          {current ? 'Replace the logo' : 'Upload a logo'}
        </label>
        <input
          id={`${id}-logo`}
          name="logo"
          type="file"
          accept="image/png,image/jpeg"
          aria-describedby={`${id}-logo-hint`}
          className="mt-1 block text-sm file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 file:font-medium file:text-slate-900"
        />
        <p id={`${id}-logo-hint`} className={fieldHint}>
          A PNG or JPEG of at most {LOGO_MAX_BYTES / 1024} KB and {LOGO_MAX_SIDE} pixels a side. It prints in the top left corner, up to about 4.5 × 1.8 cm.
        </p>
        <button type="submit" className={`${buttonStyles.primary} mt-3`} disabled={pending}>
          {pending ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      <FormOutcome error={error} done={done} />
    </div>
  );
}
