import type { NextConfig } from 'next';
import { BASE_SECURITY_HEADERS, BUILD_FILES_POLICY, NO_FRAMES_HEADER } from './server/platform/security-headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden() answers a page with the 403 page (app/forbidden.tsx) instead of pretending it is missing.
  experimental: { authInterrupts: true },
  // PGlite loads its WebAssembly and data files from its own package directory at run time; so does
  // pdfkit its font metrics.
  serverExternalPackages: ['@electric-sql/pglite', 'proper-lockfile', 'pdfkit'],
  async headers() {
    return [
      { source: '/:path*', headers: [...BASE_SECURITY_HEADERS] },
      // Everywhere but the LTI endpoints (/api/lti/), which an LMS may show in its frame.
      { source: '/:path((?!api/lti/).*)', headers: [NO_FRAMES_HEADER] },
      // The proxy sets the policy everywhere else (with a nonce for pages); it does not run here.
      { source: '/_next/:path*', headers: [{ key: 'Content-Security-Policy', value: BUILD_FILES_POLICY }] },
    ];
  },
};

export default nextConfig;
