import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs one of the long drills' CLI (`npm run drills -- …`, scripts/drills.ts) with small numbers:
 * the e2e suite's short versions. The exit code says whether it passed; the output is for the
 * spec's checks and, on failure, for the reader.
 */
export function runDrill(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/drills.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}
