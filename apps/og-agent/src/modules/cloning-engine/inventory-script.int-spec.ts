import { access, readdir, readFile } from 'node:fs/promises';
import type { AgentJobView, JobFinishedEvent } from '@og/contracts';
import { expectEventually, run, VirtualDisk } from '@og/testing';
import { AgentHarness } from '@agent/testing/agent-harness';
import { WebhookPeer } from '@agent/testing/webhook-peer';

const SECRET = 'agent-secret-for-script-tests';
const WEBHOOK_SECRET = 'webhook-secret-for-script-tests';

/** MACs of this machine's real network interfaces (not loopback, not all-zero). */
async function machineMacs(): Promise<string[]> {
  const macs: string[] = [];
  for (const nic of await readdir('/sys/class/net')) {
    if (nic === 'lo') continue;
    const mac = (await readFile(`/sys/class/net/${nic}/address`, 'utf8').catch(() => '')).trim();
    if (mac && mac !== '00:00:00:00:00:00') macs.push(mac);
  }
  return macs;
}

describe('og-agent InventarioHardware and EjecutarScript on this machine', () => {
  let core: WebhookPeer;
  let agent: AgentHarness;
  let disk: VirtualDisk;

  beforeAll(async () => {
    disk = await VirtualDisk.create(16 * 1024 * 1024);
    core = await WebhookPeer.start(WEBHOOK_SECRET);
    agent = await AgentHarness.start({
      // These orders never touch the disk; it only keeps the agent from reading the machine's own disks.
      OG_AGENT_DISKS: disk.device,
      OG_AGENT_MAC: '08:00:27:4f:be:40',
      OG_AGENT_IP: '127.0.0.1',
      OG_AGENT_NAME: 'pc-script',
      OG_AGENT_SECRET: SECRET,
      OG_AGENT_CORE_URL: core.url,
      OG_AGENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OG_AGENT_REPOSITORY_TOKEN: 'unused-token',
      OG_AGENT_SCRIPT_TIMEOUT_SECONDS: '4',
    });
  });

  afterAll(async () => {
    await agent?.stop().catch(() => undefined);
    await core?.stop();
    await disk?.destroy();
  });

  async function finished(jobId: string): Promise<JobFinishedEvent> {
    return expectEventually(() => {
      const e = core.jobEvents(jobId).find((x) => x.event === 'job.finished') as JobFinishedEvent | undefined;
      if (!e) throw new Error('no job.finished');
      return e;
    });
  }

  async function script(scp: string): Promise<{ view: AgentJobView; fin: JobFinishedEvent }> {
    const accepted = await agent.call('POST', '/CloningEngine/EjecutarScript', {
      nfn: 'EjecutarScript',
      scp,
      ids: '7',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.job_id).toMatch(/^EjecutarScript-[0-9a-f]{8}$/);
    const view = await agent.waitJob(accepted.body.job_id);
    return { view, fin: await finished(view.job_id) };
  }

  it('InventarioHardware reports this machine: firmware type, CPU model, memory size and NIC MAC from lshw', async () => {
    const accepted = await agent.call('POST', '/CloningEngine/InventarioHardware', {
      nfn: 'InventarioHardware',
      ids: 'trace-hw',
    });
    expect(accepted.status).toBe(202);
    const view = await agent.waitJob(accepted.body.job_id);
    expect(view).toMatchObject({ state: 'success', error: null, nfn: 'InventarioHardware', ids: 'trace-hw' });
    const hardware = (await finished(view.job_id)).result.hardware!;
    const value = (c: string) => hardware.filter((h) => h.component === c).map((h) => h.value);
    const uefi = await access('/sys/firmware/efi').then(
      () => true,
      () => false,
    );
    expect(value('fir')).toEqual([uefi ? 'UEFI' : 'BIOS']);
    const model = /^model name\s*:\s*(.+)$/m.exec(await readFile('/proc/cpuinfo', 'utf8'))![1].trim();
    expect(value('cpu').some((v) => v.includes(model))).toBe(true);
    expect(value('mem').some((v) => /\d( \w+)? ?[KMGT]iB$/.test(v))).toBe(true);
    const macs = await machineMacs();
    expect(value('net').some((v) => macs.some((m) => v.endsWith(m)))).toBe(true);
    // The same components lshw itself lists for the processor class.
    const lshwCpus = JSON.parse(await run('lshw', ['-json', '-quiet', '-class', 'processor'], { timeoutMs: 120_000 }));
    const cpus = (Array.isArray(lshwCpus) ? lshwCpus : [lshwCpus]).filter((c: any) => !c.disabled);
    expect(value('cpu')).toHaveLength(cpus.length);
  });

  it('EjecutarScript runs bash and reports exit code, stdout and stderr', async () => {
    const { view, fin } = await script(
      'set -e\necho "hola $((6*7))"\necho aviso >&2\n[[ -n "$BASH_VERSION" ]] && echo bash\n',
    );
    expect(view).toMatchObject({ state: 'success', error: null, ids: '7' });
    expect(fin.result).toEqual({
      exitCode: 0,
      stdout: 'hola 42\nbash\n',
      stderr: 'aviso\n',
      stdoutTruncated: false,
      stderrTruncated: false,
    });
  });

  it('a non-zero exit fails the job with the end of stderr', async () => {
    const { view, fin } = await script('for i in $(seq 1 30); do echo "line $i" >&2; done\necho out\nexit 3\n');
    expect(view).toMatchObject({ state: 'failed', stage: 'script', error: 'script exited with code 3' });
    expect(fin).toMatchObject({ status: 'failed', stage: 'script', error: 'script exited with code 3' });
    expect(fin.stderrTail!.split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
    expect(fin.result).toMatchObject({ exitCode: 3, stdout: 'out\n' });
  });

  it('keeps only the last 64 KiB of a long output and says so', async () => {
    const { view, fin } = await script("head -c 200000 /dev/zero | tr '\\0' a\necho END\n");
    expect(view.state).toBe('success');
    expect(fin.result.stdout).toHaveLength(64 * 1024);
    expect(fin.result.stdout!.endsWith('aaaEND\n')).toBe(true);
    expect(fin.result).toMatchObject({ stdoutTruncated: true, stderrTruncated: false });
  });

  it('kills a script and every child it started at the timeout', async () => {
    const { view, fin } = await script('sleep 61.25 &\nsleep 62.25\n');
    expect(view).toMatchObject({ state: 'failed', stage: 'script', error: 'script timed out after 4 s' });
    expect(fin.result.exitCode).toBeUndefined();
    await expectEventually(async () => {
      const left = (await run('sh', ['-c', "pgrep -f '^sleep 6[12].25' || true"])).trim();
      if (left) throw new Error(`still running: ${left}`);
    });
  });

  it('refuses a second script while one runs (409), but still takes an inventory', async () => {
    const first = await agent.call('POST', '/CloningEngine/EjecutarScript', { nfn: 'EjecutarScript', scp: 'sleep 2' });
    expect(first.status).toBe(202);
    const second = await agent.call('POST', '/CloningEngine/EjecutarScript', { nfn: 'EjecutarScript', scp: 'true' });
    expect(second.status).toBe(409);
    expect((await agent.call('GET', '/CloningEngine/status')).body.status).toBe('BSY');
    const inventory = await agent.call('POST', '/CloningEngine/InventarioHardware', { nfn: 'InventarioHardware' });
    expect(inventory.status).toBe(202);
    expect(await agent.waitJob(inventory.body.job_id)).toMatchObject({ state: 'success' });
    expect(await agent.waitJob(first.body.job_id)).toMatchObject({ state: 'success' });
  });

  it('refuses an empty script and a mismatched nfn naming the parameter', async () => {
    const empty = await agent.call('POST', '/CloningEngine/EjecutarScript', { nfn: 'EjecutarScript', scp: '' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.message)).toContain('scp');
    const nfn = await agent.call('POST', '/CloningEngine/InventarioHardware', { nfn: 'EjecutarScript' });
    expect(nfn.status).toBe(400);
    expect(nfn.body.message).toMatch(/^nfn/);
  });
});
