import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { hostname, networkInterfaces } from 'node:os';
import { normalizeMac } from '@og/contracts';
import { InvalidEnvironmentError, loadEnv, parseListen } from '@og/nest-common';

/** Values of OG_AGENT_RESTORE_PROTOCOL_NOT_CACHE (OpenGnsys `RESTOREPROTOCOLNOTCACHE`). */
export type RestoreProtocolNotCache = 'UNICAST' | 'NONE';
/** Values of OG_AGENT_ACTION_CACHE_FULL (OpenGnsys `ACTIONCACHEFULL`). */
export type ActionCacheFull = 'NONE' | 'DELETE' | 'FORMAT';

/**
 * Default OG_AGENT_BOOT_OS_COMMAND: kexec into the Linux kernel of `{device}` (Debian/Ubuntu `vmlinuz`/`initrd.img`
 * links at / or /boot), root by filesystem UUID.
 */
export const DEFAULT_BOOT_OS_COMMAND =
  'm=$(mktemp -d) && mount -o ro {device} "$m" && ' +
  'for b in "$m" "$m/boot"; do [ -e "$b/vmlinuz" ] && k="$b/vmlinuz" && i="$b/initrd.img" && break; done; ' +
  '[ -n "$k" ] && kexec -l "$k" --initrd="$i" --append="root=UUID=$(blkid -s UUID -o value {device}) ro quiet"; ' +
  'r=$?; umount "$m"; rmdir "$m"; [ "$r" = 0 ] && [ -n "$k" ] && exec kexec -e';

/** og-agent's environment variables, validated at boot. Defaults in the initialisers. */
export class AgentEnv {
  /** `host:port` the HTTP(S) API listens on (default `0.0.0.0:8000`). */
  @IsString()
  OG_AGENT_LISTEN = '0.0.0.0:8000';

  /** Comma-separated block devices that are disk 1, 2…, e.g. `/dev/loop3,/dev/loop4` (default: fixed disks from lsblk). */
  @IsOptional()
  @IsString()
  OG_AGENT_DISKS?: string;

  /** MAC og-core knows this PC by (default: first non-loopback interface's MAC). */
  @IsOptional()
  @IsString()
  OG_AGENT_MAC?: string;

  /** IP reported in events (default: first non-loopback IPv4 address). */
  @IsOptional()
  @IsString()
  OG_AGENT_IP?: string;

  /** Name reported in events (default: host name). */
  @IsOptional()
  @IsString()
  OG_AGENT_NAME?: string;

  /** Required. Orders must carry `Authorization: <secret>` or `Authorization: Bearer <secret>`. */
  @IsString()
  @MinLength(8)
  OG_AGENT_SECRET: string;

  /** Required. og-core base URL for webhooks, e.g. `http://127.0.0.1:8080` (events go to `<url>/webhooks/agent`). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  OG_AGENT_CORE_URL: string;

  /** Required. HMAC-SHA256 secret that signs webhooks to og-core. */
  @IsString()
  @MinLength(8)
  OG_AGENT_WEBHOOK_SECRET: string;

  /** Port of og-repository when an order's `ipr` is a bare host (default 8006). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  OG_AGENT_REPOSITORY_PORT = 8006;

  /** Required. Sent as `Authorization: Bearer <token>` on every request to og-repository. */
  @IsString()
  @MinLength(1)
  OG_AGENT_REPOSITORY_TOKEN: string;

  /** Where the CACHE partition is mounted while a job uses it (default `/opt/opengnsys/cache`). */
  @IsString()
  OG_AGENT_CACHE_MOUNT = '/opt/opengnsys/cache';

  /** zstd level for captures, 1–19 (default 3). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(19)
  OG_AGENT_ZSTD_LEVEL = 3;

  /**
   * OpenGnsys `RESTOREPROTOCOLNOTCACHE`: what a UNICAST-CACHE restore does when there is no CACHE or no room in it:
   * `UNICAST` streams UNICAST-DIRECT instead (default), `NONE` fails the job.
   */
  @IsIn(['UNICAST', 'NONE'])
  OG_AGENT_RESTORE_PROTOCOL_NOT_CACHE: RestoreProtocolNotCache = 'UNICAST';

  /**
   * OpenGnsys `ACTIONCACHEFULL`: what to do when the CACHE has too little free space for an image: `NONE` (default;
   * the cache step fails and OG_AGENT_RESTORE_PROTOCOL_NOT_CACHE decides), `DELETE` (delete the other cached images,
   * then retry) or `FORMAT` (reformat the CACHE, then retry).
   */
  @IsIn(['NONE', 'DELETE', 'FORMAT'])
  OG_AGENT_ACTION_CACHE_FULL: ActionCacheFull = 'NONE';

  /** Seconds an EjecutarScript script may run before it (and its children) are killed (default 300). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  OG_AGENT_SCRIPT_TIMEOUT_SECONDS = 300;

  /**
   * Shell command (`sh -c`) of `Apagar` (default `systemctl poweroff`). It runs OG_AGENT_POWER_DELAY_SECONDS after
   * the job reported success, so the answer and the job.finished webhook go out first.
   */
  @IsString()
  @MinLength(1)
  OG_AGENT_POWEROFF_COMMAND = 'systemctl poweroff';

  /** Shell command of `Reiniciar` (default `systemctl reboot`); run like OG_AGENT_POWEROFF_COMMAND. */
  @IsString()
  @MinLength(1)
  OG_AGENT_REBOOT_COMMAND = 'systemctl reboot';

  /**
   * Shell command of `IniciarSesion` (boot the OS installed on dsk/par). Placeholders, replaced by shell-quoted
   * values: `{disk}` disk number (1-based, OpenGnsys `dsk`), `{partition}` partition number (`par`), `{device}`
   * partition device (`/dev/sda2`), `{disk_device}` disk device (`/dev/sda`). The default boots a Linux with kexec
   * (kernel and initrd from `/vmlinuz`+`/initrd.img` or `/boot/vmlinuz`+`/boot/initrd.img` of that partition, root
   * by UUID); for Windows or firmware boot set e.g. `efibootmgr -n 0003 && systemctl reboot` or a grub-reboot script.
   */
  @IsString()
  @MinLength(1)
  OG_AGENT_BOOT_OS_COMMAND = DEFAULT_BOOT_OS_COMMAND;

  /** Seconds between a power job's success and its command (default 2), for the answer and webhook to go out. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  OG_AGENT_POWER_DELAY_SECONDS = 2;

  /** Folder for state that must survive a restart: the webhook journal (default `/var/lib/og-agent`). */
  @IsString()
  OG_AGENT_STATE_DIR = '/var/lib/og-agent';

  /** PEM certificate file; with OG_AGENT_TLS_KEY the API is served over HTTPS (default: plain HTTP). */
  @IsOptional()
  @IsString()
  OG_AGENT_TLS_CERT?: string;

  /** PEM private key file for OG_AGENT_TLS_CERT. */
  @IsOptional()
  @IsString()
  OG_AGENT_TLS_KEY?: string;

  /** pino log level (default `info`). */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  OG_LOG_LEVEL = 'info';
}

/** og-agent's configuration, typed, after validation. Secrets are never logged. */
export interface AgentConfig {
  listen: { host: string; port: number };
  /** Disk devices from OG_AGENT_DISKS, or null to discover fixed disks with lsblk. */
  disks: string[] | null;
  identity: { mac: string; ip: string; name: string };
  secret: string;
  coreUrl: string;
  webhookSecret: string;
  repositoryPort: number;
  repositoryToken: string;
  cacheMount: string;
  zstdLevel: number;
  restoreProtocolNotCache: RestoreProtocolNotCache;
  actionCacheFull: ActionCacheFull;
  /** OG_AGENT_SCRIPT_TIMEOUT_SECONDS, in milliseconds. */
  scriptTimeoutMs: number;
  /** OG_AGENT_STATE_DIR. */
  stateDir: string;
  /** Shell commands of Apagar, Reiniciar and IniciarSesion (the last with `{disk}`… placeholders). */
  power: { poweroff: string; reboot: string; bootOs: string; delayMs: number };
  tls: { certFile: string; keyFile: string } | null;
  logLevel: string;
}

/** Injection token of {@link AgentConfig}. */
export const AGENT_CONFIG = Symbol('AGENT_CONFIG');

function defaultInterface(): { mac: string | null; ip: string | null } {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (!a.internal && a.family === 'IPv4' && a.mac !== '00:00:00:00:00:00') return { mac: a.mac, ip: a.address };
    }
  }
  return { mac: null, ip: null };
}

/**
 * Validates the environment (default `process.env`) and builds {@link AgentConfig}.
 * @throws InvalidEnvironmentError listing every bad variable.
 */
export function loadAgentConfig(source: NodeJS.ProcessEnv = process.env): AgentConfig {
  const env = loadEnv(AgentEnv, source);
  const problems: string[] = [];
  let listen = { host: '0.0.0.0', port: 8000 };
  try {
    listen = parseListen(env.OG_AGENT_LISTEN);
  } catch (err) {
    problems.push(`OG_AGENT_LISTEN: ${(err as Error).message}`);
  }
  const nic = defaultInterface();
  const mac = normalizeMac(env.OG_AGENT_MAC ?? nic.mac ?? '');
  if (!mac) problems.push('OG_AGENT_MAC: must be a MAC address (no default could be found)');
  if (!!env.OG_AGENT_TLS_CERT !== !!env.OG_AGENT_TLS_KEY)
    problems.push('OG_AGENT_TLS_CERT and OG_AGENT_TLS_KEY must be set together');
  const disks = env.OG_AGENT_DISKS
    ? env.OG_AGENT_DISKS.split(',')
        .map((d) => d.trim())
        .filter(Boolean)
    : null;
  if (disks?.some((d) => !d.startsWith('/dev/'))) problems.push('OG_AGENT_DISKS: every disk must be a /dev/ path');
  if (problems.length) throw new InvalidEnvironmentError(problems);
  return {
    listen,
    disks,
    identity: { mac: mac!, ip: env.OG_AGENT_IP ?? nic.ip ?? '127.0.0.1', name: env.OG_AGENT_NAME ?? hostname() },
    secret: env.OG_AGENT_SECRET,
    coreUrl: env.OG_AGENT_CORE_URL.replace(/\/+$/, ''),
    webhookSecret: env.OG_AGENT_WEBHOOK_SECRET,
    repositoryPort: env.OG_AGENT_REPOSITORY_PORT,
    repositoryToken: env.OG_AGENT_REPOSITORY_TOKEN,
    cacheMount: env.OG_AGENT_CACHE_MOUNT,
    zstdLevel: env.OG_AGENT_ZSTD_LEVEL,
    restoreProtocolNotCache: env.OG_AGENT_RESTORE_PROTOCOL_NOT_CACHE,
    actionCacheFull: env.OG_AGENT_ACTION_CACHE_FULL,
    scriptTimeoutMs: env.OG_AGENT_SCRIPT_TIMEOUT_SECONDS * 1000,
    stateDir: env.OG_AGENT_STATE_DIR,
    power: {
      poweroff: env.OG_AGENT_POWEROFF_COMMAND,
      reboot: env.OG_AGENT_REBOOT_COMMAND,
      bootOs: env.OG_AGENT_BOOT_OS_COMMAND,
      delayMs: env.OG_AGENT_POWER_DELAY_SECONDS * 1000,
    },
    tls:
      env.OG_AGENT_TLS_CERT && env.OG_AGENT_TLS_KEY
        ? { certFile: env.OG_AGENT_TLS_CERT, keyFile: env.OG_AGENT_TLS_KEY }
        : null,
    logLevel: env.OG_LOG_LEVEL,
  };
}
