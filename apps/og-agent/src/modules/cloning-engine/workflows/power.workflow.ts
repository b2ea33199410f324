import { Logger } from '@nestjs/common';
import { spawn } from 'node:child_process';
import type { JobResult } from '@og/contracts';
import { ImagingError } from '@og/imaging';
import type { AgentConfig } from '@agent/config/env';
import type { JobContext } from '@agent/modules/jobs/job-context';

/** Values of the `{disk}`, `{partition}`, `{device}` and `{disk_device}` placeholders of OG_AGENT_BOOT_OS_COMMAND. */
export interface BootTarget {
  disk: number;
  partition: number;
  device: string;
  diskDevice: string;
}

/** `text` as one POSIX shell word. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** OG_AGENT_BOOT_OS_COMMAND with its placeholders replaced by shell-quoted values (unknown ones are left as they are). */
export function bootCommand(template: string, target: BootTarget): string {
  const values: Record<string, string> = {
    disk: String(target.disk),
    partition: String(target.partition),
    device: target.device,
    disk_device: target.diskDevice,
  };
  return template.replace(/\{(disk|partition|device|disk_device)\}/g, (_, key: string) => shellQuote(values[key]));
}

/** Apagar, Reiniciar, IniciarSesion: the configured shell command, run once the job's answer has gone out. */
export class PowerWorkflow {
  private readonly logger = new Logger(PowerWorkflow.name);

  /**
   * @param onCommandFailed called when the command exits with a non-zero code: the machine is still up although its
   *        job reported success (the agent announces itself again, so og-core shows it in ogLive, not off).
   */
  constructor(
    private readonly config: AgentConfig,
    private readonly onCommandFailed: () => void,
  ) {}

  /**
   * Starts `command` with `sh -c` in its own session, to run OG_AGENT_POWER_DELAY_SECONDS from now (so the 202, the
   * job.finished webhook and, on shutdown, agent.stopped go out first), and reports success once it has started.
   * A command that fails later cannot change the finished job: it is logged and `onCommandFailed` is called.
   * @throws ImagingError stage `power` when the shell cannot be started.
   */
  async run(ctx: JobContext, command: string): Promise<JobResult> {
    ctx.stage('power');
    const delaySeconds = (this.config.power.delayMs / 1000).toFixed(3);
    const child = spawn('/bin/sh', ['-c', 'sleep "$1" && exec /bin/sh -c "$2"', 'og-power', delaySeconds, command], {
      detached: true,
      stdio: 'ignore',
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new ImagingError('power', `cannot start the command: ${err.message}`)));
    });
    child.once('exit', (code, signal) => {
      // Killed by a signal (code null) is how a shutdown that is under way ends it: not a failure.
      if (code === null || code === 0) return;
      this.logger.error({ command, code, signal }, 'power command failed; the machine is still up');
      this.onCommandFailed();
    });
    child.unref();
    return {};
  }
}
