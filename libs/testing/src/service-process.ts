import { ChildProcess, spawn } from 'node:child_process';
import { expectEventually } from './expect-eventually';

/**
 * A built service (`dist/apps/<app>/main.js`) started as a real process with its own environment.
 * Its output is kept (last 200 lines) for failure messages.
 */
export class ServiceProcess {
  private readonly lines: string[] = [];
  private exited: number | null = null;

  private constructor(
    public readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.lines.push(line);
      if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code) => (this.exited = code ?? -1));
  }

  /**
   * Spawns `node <script>` with `env` added to the current environment and waits for `healthUrl` to answer 200.
   * @throws Error with the process output when it exits or does not become healthy within `timeoutMs`.
   */
  static async start(opts: {
    name: string;
    script: string;
    env: Record<string, string>;
    healthUrl: string;
    timeoutMs?: number;
  }): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [opts.script], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(opts.name, child);
    try {
      await expectEventually(
        async () => {
          if (service.exited !== null) throw new Error(`${opts.name} exited with ${service.exited}`);
          const res = await fetch(opts.healthUrl);
          if (res.status !== 200) throw new Error(`${opts.healthUrl} answered ${res.status}`);
        },
        { timeoutMs: opts.timeoutMs ?? 30_000, intervalMs: 200 },
      );
    } catch (err) {
      await service.stop();
      throw new Error(`${opts.name} did not start: ${(err as Error).message}\n${service.output()}`);
    }
    return service;
  }

  /** Last lines the process printed. */
  output(): string {
    return this.lines.join('\n');
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited !== null) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }
}
