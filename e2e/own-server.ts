import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A Frontline server of a spec's own, for specs that kill it or start it with other settings. It
 * shares the build with the main test server (npm start rebuilds only when the sources changed).
 */
export class OwnServer {
  readonly baseURL: string;
  private process: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.baseURL = `http://localhost:${port}`;
  }

  /** Starts the server with extra environment variables and waits until it answers its health check. */
  async start(env: Record<string, string> = {}): Promise<void> {
    // Its own process group, so the whole tree can be killed at once.
    this.process = spawn('npm', ['start'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, PORT: String(this.port), FRONTLINE_DATA_DIR: this.dataDir, FRONTLINE_DEMO: '1', FRONTLINE_DEMO_TRAINEES: '0', NEXTAUTH_URL: this.baseURL, ...env },
    });
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`${this.baseURL}/api/health`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`Frontline did not start on port ${this.port}`);
  }

  /** SIGKILL, the way a crash ends it: nothing gets to clean up. */
  kill(): void {
    if (this.process?.pid) process.kill(-this.process.pid, 'SIGKILL');
    this.process = null;
  }
}
