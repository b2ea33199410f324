import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, deleteRedisKeys, ServiceProcess, TestDatabase, VirtualDisk } from '@og/testing';

/** A classroom PC of the demo: its agent's loopback address and its virtual disk. */
export interface DemoClientSpec {
  name: string;
  mac: string;
  /** Loopback address keeping the demo's last octets (192.168.2.2 → 127.0.2.2). */
  ip: string;
  diskBytes: number;
}

/** Addresses and secrets of a running suite. */
export interface SuiteInfo {
  coreUrl: string;
  repositoryUrl: string;
  repositoryAddress: string;
  repositoryPort: number;
  repositoryName: string;
  repositoryToken: string;
  repositoryDir: string;
  adminUser: string;
  adminPassword: string;
  databaseUrl: string;
}

const ROOT = join(__dirname, '..', '..');
const dist = (app: string) => join(ROOT, 'dist', 'apps', app, 'main.js');

/**
 * og-core, og-repository and one og-agent per client, as real processes on loopback, each client on a
 * loop-device disk; a fresh PostgreSQL database and Redis queue prefix per run. `stop()` removes
 * everything it made (processes, mounts, loop devices, files, database) and is safe to call twice.
 */
export class DemoSuite {
  readonly disks = new Map<string, VirtualDisk>();
  private readonly agents = new Map<string, ServiceProcess>();
  private core?: ServiceProcess;
  private repository?: ServiceProcess;
  private database?: TestDatabase;
  private readonly queuePrefix = `ogdemo${randomBytes(4).toString('hex')}`;
  private readonly secrets = {
    jwt: randomBytes(32).toString('hex'),
    agent: randomBytes(16).toString('hex'),
    agentWebhook: randomBytes(16).toString('hex'),
    repositoryWebhook: randomBytes(16).toString('hex'),
    repositoryToken: randomBytes(16).toString('hex'),
    admin: randomBytes(9).toString('base64url'),
  };
  info!: SuiteInfo;

  constructor(
    private readonly opts: {
      workDir: string;
      clients: DemoClientSpec[];
      coreListen?: string;
      repositoryHost?: string;
      repositoryPort?: number;
      agentPort?: number;
      logLevel?: string;
    },
  ) {}

  /** Creates the disks and database, starts og-core and og-repository (agents boot later, see {@link bootAgents}). */
  async start(): Promise<SuiteInfo> {
    const { workDir } = this.opts;
    await mkdir(workDir, { recursive: true });
    const coreListen = this.opts.coreListen ?? '127.0.0.1:8080';
    const repositoryHost = this.opts.repositoryHost ?? '127.0.68.55';
    const repositoryPort = this.opts.repositoryPort ?? 8006;
    const repositoryDir = join(workDir, 'images');
    this.database = await createTestDatabase();
    this.info = {
      coreUrl: `http://${coreListen}`,
      repositoryUrl: `http://${repositoryHost}:${repositoryPort}`,
      repositoryAddress: repositoryHost,
      repositoryPort,
      repositoryName: 'repo-demo',
      repositoryToken: this.secrets.repositoryToken,
      repositoryDir,
      adminUser: 'admin',
      adminPassword: this.secrets.admin,
      databaseUrl: this.database.url,
    };
    for (const client of this.opts.clients)
      this.disks.set(client.name, await VirtualDisk.create(client.diskBytes, { dir: workDir }));
    const queuePrefix = this.queuePrefix;
    const logLevel = this.opts.logLevel ?? 'warn';
    this.core = await ServiceProcess.start({
      name: 'og-core',
      script: dist('og-core'),
      healthUrl: `${this.info.coreUrl}/health/ready`,
      env: {
        OG_CORE_LISTEN: coreListen,
        OG_DATABASE_URL: this.database.url,
        OG_QUEUE_PREFIX: `${queuePrefix}core`,
        OG_JWT_SECRET: this.secrets.jwt,
        OG_ADMIN_USER: this.info.adminUser,
        OG_ADMIN_PASSWORD: this.info.adminPassword,
        OG_AGENT_SECRET: this.secrets.agent,
        OG_AGENT_PORT: String(this.opts.agentPort ?? 8000),
        OG_AGENT_WEBHOOK_SECRET: this.secrets.agentWebhook,
        OG_REPOSITORY_WEBHOOK_SECRET: this.secrets.repositoryWebhook,
        OG_LOG_LEVEL: logLevel,
      },
    });
    this.repository = await ServiceProcess.start({
      name: 'og-repository',
      script: dist('og-repository'),
      healthUrl: `${this.info.repositoryUrl}/health/ready`,
      env: {
        OG_REPOSITORY_LISTEN: `${repositoryHost}:${repositoryPort}`,
        OG_REPOSITORY_DIR: repositoryDir,
        OG_REPOSITORY_NAME: this.info.repositoryName,
        OG_REPOSITORY_TOKEN: this.secrets.repositoryToken,
        OG_REPOSITORY_CORE_URL: this.info.coreUrl,
        OG_REPOSITORY_WEBHOOK_SECRET: this.secrets.repositoryWebhook,
        OG_QUEUE_PREFIX: `${queuePrefix}repo`,
        OG_LOG_LEVEL: logLevel,
      },
    });
    return this.info;
  }

  /** Boots each client into "ogLive": starts its og-agent on its loopback address with its disk. */
  async bootAgents(): Promise<void> {
    const port = this.opts.agentPort ?? 8000;
    for (const client of this.opts.clients) {
      const cacheMount = join(this.opts.workDir, `cache-${client.name}`);
      await mkdir(cacheMount, { recursive: true });
      this.agents.set(
        client.name,
        await ServiceProcess.start({
          name: `og-agent ${client.name}`,
          script: dist('og-agent'),
          healthUrl: `http://${client.ip}:${port}/health`,
          env: {
            OG_AGENT_LISTEN: `${client.ip}:${port}`,
            OG_AGENT_DISKS: this.disks.get(client.name)!.device,
            OG_AGENT_MAC: client.mac,
            OG_AGENT_IP: client.ip,
            OG_AGENT_NAME: client.name,
            OG_AGENT_SECRET: this.secrets.agent,
            OG_AGENT_CORE_URL: this.info.coreUrl,
            OG_AGENT_WEBHOOK_SECRET: this.secrets.agentWebhook,
            OG_AGENT_REPOSITORY_PORT: String(this.info.repositoryPort),
            OG_AGENT_REPOSITORY_TOKEN: this.secrets.repositoryToken,
            OG_AGENT_CACHE_MOUNT: cacheMount,
            OG_AGENT_STATE_DIR: join(this.opts.workDir, `state-${client.name}`),
            OG_LOG_LEVEL: this.opts.logLevel ?? 'warn',
          },
        }),
      );
    }
  }

  /** The agents' shared secret (for tests that call an agent directly, as og-core does). */
  get agentSecret(): string {
    return this.secrets.agent;
  }

  /** Last output of every service, for failure reports. */
  logs(): string {
    const all = [this.core, this.repository, ...this.agents.values()].filter(Boolean) as ServiceProcess[];
    return all.map((s) => `--- ${s.name} ---\n${s.output()}`).join('\n');
  }

  /** Stops every process and removes disks, mounts, files, the database and the run's Redis keys. Never throws. */
  async stop(): Promise<void> {
    for (const agent of this.agents.values()) await agent.stop().catch(() => undefined);
    this.agents.clear();
    await this.repository?.stop().catch(() => undefined);
    await this.core?.stop().catch(() => undefined);
    this.repository = this.core = undefined;
    for (const disk of this.disks.values()) await disk.destroy();
    this.disks.clear();
    await this.database?.drop().catch(() => undefined);
    this.database = undefined;
    await deleteRedisKeys(this.queuePrefix).catch(() => undefined);
    await rm(this.opts.workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
