import 'server-only';
import { strToU8, zipSync } from 'fflate';
import { LAUNCHER_SCRIPT, launcherPage } from './launcher';

/**
 * A SCORM 1.2 package (decision 038): imsmanifest.xml (IMS Content Packaging 1.1.2 with the ADL
 * SCORM 1.2 extensions), one SCO, and the launcher. Zipped with fflate.
 */

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export interface PackageContents {
  packageId: string;
  key: string;
  /** Frontline's public origin, which the launcher calls. */
  origin: string;
  title: string;
}

/** The files of the SCO, as the manifest lists them. */
export const SCO_FILES = ['index.html', 'launcher.js', 'config.js'] as const;

/**
 * The manifest. No adlcp:masteryscore: Frontline decides passed or failed (a pass also needs an
 * ending that is not a failure), and an LMS would otherwise override it from the score alone.
 */
export function manifestXml({ packageId, title }: Pick<PackageContents, 'packageId' | 'title'>): string {
  const name = escapeXml(title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="frontline-${packageId}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="frontline">
    <organization identifier="frontline">
      <title>${name}</title>
      <item identifier="frontline-item" identifierref="frontline-sco" isvisible="true">
        <title>${name}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="frontline-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
${SCO_FILES.map((file) => `      <file href="${file}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

/** The launcher's settings: where Frontline is and which package this is, with its key. */
export const configScript = ({ packageId, key, origin }: Pick<PackageContents, 'packageId' | 'key' | 'origin'>) =>
  `window.FRONTLINE_PACKAGE = ${JSON.stringify({ origin, packageId, key })};\n`;

export function packageFiles(contents: PackageContents): Record<string, string> {
  return {
    'imsmanifest.xml': manifestXml(contents),
    'index.html': launcherPage(contents.title),
    'launcher.js': LAUNCHER_SCRIPT,
    'config.js': configScript(contents),
  };
}

/** The zip an LMS imports. */
export function packageZip(contents: PackageContents): Uint8Array {
  const files = packageFiles(contents);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { level: 6 });
}

/** A file name for the download: the scenario's id, so that two packages are told apart. */
export const packageFileName = (scenarioId: string) => `frontline-${scenarioId}-scorm12.zip`;
