import { expectEventually, withMounted } from '@og/testing';
import { CoreApi } from './core-api';
import { diffManifests, fillWithRealFiles, treeManifest } from './file-tree';
import { DemoClientSpec, DemoSuite } from './suite';

const MiB = 1024 ** 2;
const MB = 1e6;

/** The two PCs of the OpenGnsys 2 demo, on loopback addresses that keep the demo's last octets. */
export const DEMO_CLIENTS: DemoClientSpec[] = [
  { name: 'modelo', mac: '08:00:27:4F:BE:38', ip: '127.0.2.2', diskBytes: 2048 * MiB },
  { name: 'pc1', mac: '08:00:27:0b:88:be', ip: '127.0.2.3', diskBytes: 2048 * MiB },
];

/** Partitions of both PCs: 1 and 2 Linux/ext4, 4 CACHE (MSDOS), as in the demo. */
export const DEMO_LAYOUT = [
  { partition: 1, type: 'LINUX', filesystem: 'EXT4', sizeBytes: 256 * MiB },
  { partition: 2, type: 'LINUX', filesystem: 'EXT4', sizeBytes: 1024 * MiB },
  { partition: 4, type: 'CACHE', filesystem: 'CACHE', sizeBytes: 640 * MiB },
];

/** How the demo reports what it does. */
export interface DemoLog {
  step(name: string): void;
  line(text: string): void;
  /** Live progress of a trace; called on every poll. */
  progress(label: string, trace: any): void;
}

/** What the demo proved, for the summary. */
export interface DemoResult {
  timings: Array<{ step: string; seconds: number }>;
  clientIds: Record<string, string>;
  image: any;
  captureTrace: any;
  deployTrace: any;
  modelBytes: number;
  filesCompared: number;
  bytesCompared: number;
}

/** Polls a trace until it ends; reports progress; @throws Error with the agent's stage, error and stderr when it fails. */
export async function followTrace(
  api: CoreApi,
  traceId: string,
  label: string,
  log: DemoLog,
  timeoutMs = 600_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const trace = await api.get(`/traces/${traceId}`);
    log.progress(label, trace);
    if (trace.status === 'success') return trace;
    if (trace.status === 'failed')
      throw new Error(
        `${label} failed at stage "${trace.stage}": ${trace.error}${trace.stderrTail ? `\n${trace.stderrTail}` : ''}`,
      );
    if (Date.now() > deadline) throw new Error(`${label} still "${trace.status}" after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 400));
  }
}

/**
 * Plays the OpenGnsys 2 demo against a started {@link DemoSuite}, through og-core's API only
 * (booting the PCs and installing the model PC's files are the only things done beside it).
 */
export async function playDemo(
  suite: DemoSuite,
  log: DemoLog,
  opts: { modelBytes?: number } = {},
): Promise<DemoResult> {
  const timings: DemoResult['timings'] = [];
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    log.step(step);
    const start = Date.now();
    const value = await fn();
    timings.push({ step, seconds: (Date.now() - start) / 1000 });
    return value;
  };
  const api = new CoreApi(suite.info.coreUrl);
  const clientIds: Record<string, string> = {};

  await timed('Log in to og-core', () => api.login(suite.info.adminUser, suite.info.adminPassword));

  const repositoryId = await timed(
    'Enter the inventory: Centro Demo → Aula Demo, subnet, repository, modelo and pc1',
    async () => {
      const centro = await api.post('/organizational-units', { name: 'Centro Demo', type: 'organizational-unit' });
      const aula = await api.post('/organizational-units', {
        name: 'Aula Demo',
        type: 'classroom',
        parentId: centro.id,
        router: '127.0.2.1',
        netmask: '255.255.255.0',
      });
      const subnet = await api.post('/subnets', {
        name: 'Aula Demo',
        address: '127.0.2.0',
        netmask: '255.255.255.0',
        router: '127.0.2.1',
      });
      const repo = await api.post('/image-repositories', {
        name: suite.info.repositoryName,
        address: suite.info.repositoryAddress,
        port: suite.info.repositoryPort,
        apiToken: suite.info.repositoryToken,
        comments: 'demo repository (192.168.68.55 in the OpenGnsys demo)',
      });
      for (const c of DEMO_CLIENTS) {
        const client = await api.post('/clients', {
          name: c.name,
          mac: c.mac,
          ip: c.ip,
          organizationalUnitId: aula.id,
          subnetId: subnet.id,
          repositoryId: repo.id,
        });
        clientIds[c.name] = client.id;
        log.line(`client ${c.name}: MAC ${client.mac}, IP ${client.ip} (demo IP 192.168.2.${c.ip.split('.')[3]})`);
      }
      log.line(
        `classroom multicast defaults: ${aula.multicastAddress}:${aula.multicastPort}, ${aula.multicastSpeedMbps} Mbit/s`,
      );
      return repo.id as string;
    },
  );

  await timed('Boot both PCs into ogLive (start their og-agents)', async () => {
    await suite.bootAgents();
    for (const c of DEMO_CLIENTS) {
      const client = await expectEventually(
        async () => {
          const found = await api.get(`/clients/${clientIds[c.name]}`);
          if (found.status !== 'og-live' || !found.partitions.some((p: any) => p.partition === 0))
            throw new Error(`${c.name} not reported yet`);
          return found;
        },
        { timeoutMs: 30_000 },
      );
      log.line(
        `${c.name} is ${client.status}; disk 1: ${(client.partitions[0].sizeBytes / MB).toFixed(0)} MB, table ${client.partitions[0].code}`,
      );
    }
  });

  await timed('Partition and format both PCs (MSDOS: 1 and 2 Linux/ext4, 4 CACHE)', async () => {
    const { traces } = await api.post('/commands/partition', {
      clientIds: Object.values(clientIds),
      disk: 1,
      partitions: DEMO_LAYOUT,
    });
    for (const t of traces) await followTrace(api, t.id, `partition ${nameOf(clientIds, t.clientId)}`, log);
    for (const c of DEMO_CLIENTS) {
      const client = await api.get(`/clients/${clientIds[c.name]}`);
      log.line(
        `${c.name}: ${client.partitions
          .filter((p: any) => p.partition > 0)
          .map((p: any) => `${p.partition}:${p.code}/${p.filesystem}/${p.sizeBytes / MiB}MiB`)
          .join('  ')}`,
      );
    }
  });

  const modelBytes = await timed("Install the model PC: real files on modelo's partition 2", async () => {
    const bytes = await fillWithRealFiles(suite.disks.get('modelo')!.partition(2), opts.modelBytes ?? 300 * MiB);
    log.line(`${(bytes / MB).toFixed(0)} MB of files written to modelo's partition 2`);
    return bytes;
  });

  const { image, captureTrace } = await timed('Create image image-test from modelo partition 2', async () => {
    const record = await api.post('/images', {
      name: 'image-test',
      type: 'Linux',
      version: 'Ubuntu 24.04',
      repositoryId,
    });
    const { traces } = await api.post('/commands/create-image', {
      clientId: clientIds.modelo,
      disk: 1,
      partition: 2,
      imageId: record.id,
    });
    const trace = await followTrace(api, traces[0].id, 'create-image modelo', log);
    const ready = await expectEventually(
      async () => {
        const img = await api.get(`/images/${record.id}`);
        if (img.status !== 'success') throw new Error(`image-test is ${img.status}`);
        return img;
      },
      { timeoutMs: 120_000 },
    );
    return { image: ready, captureTrace: trace };
  });
  log.line(
    `image-test: ${image.info}, ${(image.sizeBytes / MB).toFixed(1)} MB file, .sum ${image.sum}, .full.sum ${image.fullSum}`,
  );

  const deployTrace = await timed('Deploy image-test to pc1 partition 2, method UNICAST', async () => {
    const { traces } = await api.post('/commands/deploy-image', {
      clientIds: [clientIds.pc1],
      imageId: image.id,
      disk: 1,
      partition: 2,
      method: 'UNICAST',
    });
    return followTrace(api, traces[0].id, 'deploy-image pc1', log);
  });

  const { filesCompared, bytesCompared } = await timed(
    "Compare every file of modelo's and pc1's partition 2",
    async () => {
      const source = await withMounted(suite.disks.get('modelo')!.partition(2), true, treeManifest);
      const target = await withMounted(suite.disks.get('pc1')!.partition(2), true, treeManifest);
      const diffs = diffManifests(source, target);
      if (diffs.length) throw new Error(`pc1's partition 2 differs from the model:\n${diffs.join('\n')}`);
      const files = source.filter((e) => e.kind === 'file');
      return { filesCompared: files.length, bytesCompared: files.reduce((s, e) => s + e.size, 0) };
    },
  );
  log.line(
    `${filesCompared} files (${(bytesCompared / MB).toFixed(1)} MB) identical, with modes, symlinks and directories`,
  );

  return {
    timings,
    clientIds,
    image: await api.get(`/images/${image.id}`),
    captureTrace,
    deployTrace,
    modelBytes,
    filesCompared,
    bytesCompared,
  };
}

function nameOf(ids: Record<string, string>, id: string): string {
  return Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
}
