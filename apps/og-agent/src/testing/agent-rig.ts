import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentJobView, JobFinishedEvent } from '@og/contracts';
import { expectEventually, run } from '@og/testing';
import { AgentHarness } from './agent-harness';
import { RepositoryPeer } from './repository-peer';
import { WebhookPeer } from './webhook-peer';

const SECRET = 'agent-secret-for-tests';
const WEBHOOK_SECRET = 'webhook-secret-for-tests';
const TOKEN = 'repository-token-for-tests';

/**
 * An in-process agent on the given disks with its test peers: a repository stand-in, an og-core receiver that
 * checks signatures, and its own CACHE mount directory. `stop()` tears all of it down (not the disks).
 */
export class AgentRig {
  private constructor(
    readonly agent: AgentHarness,
    readonly repo: RepositoryPeer,
    readonly core: WebhookPeer,
    readonly cacheMount: string,
  ) {}

  /** @param identity MAC and name the agent reports; `disks` are block devices, disk 1 first. */
  static async start(disks: string[], identity: { mac: string; name: string }): Promise<AgentRig> {
    const repo = await RepositoryPeer.start(TOKEN);
    const core = await WebhookPeer.start(WEBHOOK_SECRET);
    const cacheMount = await mkdtemp(join(tmpdir(), 'og-int-cache-'));
    const rig = new AgentRig(null as never, repo, core, cacheMount);
    const agent = await AgentHarness.start(rig.env(disks, identity));
    return Object.assign(rig, { agent });
  }

  /** Environment of an agent wired to this rig's peers (for a second agent on other disks). */
  env(disks: string[], identity: { mac: string; name: string }): Record<string, string> {
    return {
      OG_AGENT_DISKS: disks.join(','),
      OG_AGENT_MAC: identity.mac,
      OG_AGENT_IP: '127.0.0.1',
      OG_AGENT_NAME: identity.name,
      OG_AGENT_SECRET: SECRET,
      OG_AGENT_CORE_URL: this.core.url,
      OG_AGENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OG_AGENT_REPOSITORY_TOKEN: TOKEN,
      OG_AGENT_CACHE_MOUNT: this.cacheMount,
    };
  }

  /**
   * Posts order `nfn` with `body` (202 expected), waits for the job to end and for og-core's copy of its
   * `job.finished` (the webhook may land just after the job's state changed).
   * @throws when the order is not accepted or the job does not end in time.
   */
  async job(nfn: string, body: Record<string, unknown>): Promise<{ view: AgentJobView; fin: JobFinishedEvent }> {
    const accepted = await this.agent.call('POST', `/CloningEngine/${nfn}`, { nfn, ...body });
    if (accepted.status !== 202)
      throw new Error(`${nfn} answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    const view = await this.agent.waitJob(accepted.body.job_id);
    const fin = await expectEventually(() => {
      const event = this.core.jobEvents(view.job_id).find((e) => e.event === 'job.finished');
      if (!event) throw new Error(`no job.finished for ${view.job_id} yet`);
      return event as JobFinishedEvent;
    });
    return { view, fin };
  }

  async stop(): Promise<void> {
    await this.agent?.stop().catch(() => undefined);
    await run('umount', ['-l', this.cacheMount]).catch(() => undefined);
    await rm(this.cacheMount, { recursive: true, force: true }).catch(() => undefined);
    await this.repo.stop();
    await this.core.stop();
  }
}
