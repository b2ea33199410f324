import { readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AgentJobStage } from '@og/contracts';
import { runTool } from '../process/run-tool';
import { ImagingError } from '../process/tool-error';

/** Registry value types (winnt.h `REG_*`). */
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_DWORD = 4;

/** One value of a registry key: name (empty for the default value), type (`REG_*`) and raw data bytes. */
export interface RegistryValue {
  name: string;
  type: number;
  data: Buffer;
}

/** One key of a `.reg` export: its path as hivexregedit prints it (`\Microsoft\…`) and its values. */
export interface RegistryKey {
  path: string;
  values: RegistryValue[];
}

/**
 * Parses the text `hivexregedit --export` writes (REGEDIT5 format, values as `dword:` or `hex(N):` bytes, or quoted
 * strings with `\\` and `\"` escapes).
 */
export function parseRegExport(text: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | null = null;
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    // Long hex values may be continued on the next line after a trailing backslash.
    const line = pending + raw;
    if (line.endsWith('\\') && /=hex/.test(line)) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    const section = /^\[(.*)\]\s*$/.exec(line);
    if (section) {
      current = { path: section[1], values: [] };
      keys.push(current);
      continue;
    }
    if (!current || !line.trim() || line.startsWith(';')) continue;
    const value = parseValueLine(line);
    if (value) current.values.push(value);
  }
  return keys;
}

function parseValueLine(line: string): RegistryValue | null {
  let name = '';
  let rest: string;
  if (line.startsWith('@=')) rest = line.slice(2);
  else if (line.startsWith('"')) {
    const q = readQuoted(line, 0);
    if (!q || line[q.end] !== '=') return null;
    name = q.text;
    rest = line.slice(q.end + 1);
  } else return null;
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(rest);
  if (dword) {
    const data = Buffer.alloc(4);
    data.writeUInt32LE(parseInt(dword[1], 16));
    return { name, type: REG_DWORD, data };
  }
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/.exec(rest);
  if (hex) {
    const digits = hex[2].replace(/[,\s]/g, '');
    return { name, type: hex[1] === undefined ? 3 : parseInt(hex[1], 16), data: Buffer.from(digits, 'hex') };
  }
  const str = /^(?:str(?:\(([0-9a-fA-F]+)\))?:)?(".*)$/.exec(rest);
  if (str) {
    const q = readQuoted(str[2], 0);
    if (!q) return null;
    return { name, type: str[1] ? parseInt(str[1], 16) : REG_SZ, data: Buffer.from(`${q.text}\0`, 'utf16le') };
  }
  return null;
}

function readQuoted(s: string, start: number): { text: string; end: number } | null {
  let text = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return { text, end: i + 1 };
    if (c === '\\' && i + 1 < s.length) text += s[++i];
    else text += c;
  }
  return null;
}

/** A REG_SZ/REG_EXPAND_SZ value as text (UTF-16LE up to the first NUL); null for other types. */
export function registryString(value: RegistryValue | undefined): string | null {
  if (!value || (value.type !== REG_SZ && value.type !== REG_EXPAND_SZ)) return null;
  const text = value.data.subarray(0, value.data.length & ~1).toString('utf16le');
  const nul = text.indexOf('\0');
  return nul >= 0 ? text.slice(0, nul) : text;
}

/** A REG_DWORD value as a number; null for other types. */
export function registryDword(value: RegistryValue | undefined): number | null {
  return value?.type === REG_DWORD && value.data.length === 4 ? value.data.readUInt32LE(0) : null;
}

/** The value `name` of `key`, matched case-insensitively as Windows does. */
export function registryValue(key: RegistryKey, name: string): RegistryValue | undefined {
  const lower = name.toLowerCase();
  return key.values.find((v) => v.name.toLowerCase() === lower);
}

/**
 * Exports the key `keyPath` (`Microsoft\Windows\CurrentVersion\Uninstall`, relative to the hive root) and every key
 * below it with `hivexregedit --export`.
 * @returns the keys, the requested one first; empty when the hive has no such key.
 * @throws ImagingError (stage `stage`, default `inventory`) when the hive cannot be read.
 */
export async function exportRegistryKey(
  hiveFile: string,
  keyPath: string,
  opts: { signal?: AbortSignal; stage?: AgentJobStage } = {},
): Promise<RegistryKey[]> {
  const stage = opts.stage ?? 'inventory';
  const path = `\\${keyPath.replace(/^\\+/, '')}`;
  const out = await runTool('hivexregedit', ['--export', hiveFile, path], {
    stage,
    signal: opts.signal,
    timeoutMs: 120_000,
    okCodes: [0, 255],
  });
  if (out.exitCode !== 0) {
    if (/path not found in this hive/.test(out.stderr)) return [];
    throw new ImagingError(stage, `hivexregedit cannot read ${hiveFile}`, out.stderr.trim() || null);
  }
  return parseRegExport(out.stdout);
}

/**
 * One value as text with `hivexget` (strings decoded, DWORDs in decimal); null when the key or value is absent.
 * @throws ImagingError stage `inventory` when the hive cannot be opened.
 */
export async function readRegistryValue(hiveFile: string, keyPath: string, name: string): Promise<string | null> {
  const out = await runTool('hivexget', [hiveFile, keyPath, name], {
    stage: 'inventory',
    timeoutMs: 60_000,
    okCodes: [0, 1],
  });
  if (out.exitCode === 0) return out.stdout.replace(/\r?\n$/, '');
  if (/not found/.test(out.stderr)) return null;
  throw new ImagingError('inventory', `hivexget cannot read ${hiveFile}`, out.stderr.trim() || null);
}

/** A REG_SZ value's data: UTF-16LE with its terminating NUL. */
export function regSz(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

/**
 * `.reg` text hivexregedit can merge: every key of `keys` (paths relative to the hive root) preceded by its missing
 * ancestors (merging creates a key only under an existing parent), values written as `hex(N):` bytes so no text
 * encoding is involved.
 * @param prefix the hive's root as the paths spell it, e.g. `HKEY_LOCAL_MACHINE\SYSTEM`.
 */
export function regFileText(prefix: string, keys: RegistryKey[]): string {
  const lines = ['Windows Registry Editor Version 5.00', ''];
  const all = new Map<string, RegistryKey>();
  for (const key of keys) {
    const parts = key.path.split('\\').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('\\');
      if (!all.has(parent.toLowerCase())) all.set(parent.toLowerCase(), { path: parent, values: [] });
    }
    const own = all.get(parts.join('\\').toLowerCase());
    if (own) own.values.push(...key.values);
    else all.set(parts.join('\\').toLowerCase(), { path: parts.join('\\'), values: [...key.values] });
  }
  for (const key of all.values()) {
    lines.push(`[${prefix}\\${key.path.replace(/^\\+/, '')}]`);
    for (const v of key.values) {
      const name = v.name === '' ? '@' : `"${v.name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
      const bytes = [...v.data].map((b) => b.toString(16).padStart(2, '0')).join(',');
      lines.push(`${name}=hex(${v.type.toString(16)}):${bytes}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `keys` into the hive file (`hivexregedit --merge`): missing keys (and parents) are created, the given values replace
 * values of the same name, other values are kept.
 * @throws ImagingError stage `stage` (default `finish`) when hivexregedit fails.
 */
export async function mergeRegistry(
  hiveFile: string,
  prefix: string,
  keys: RegistryKey[],
  stage: AgentJobStage = 'finish',
): Promise<void> {
  const regFile = join(tmpdir(), `og-merge-${randomBytes(6).toString('hex')}.reg`);
  await writeFile(regFile, regFileText(prefix, keys));
  try {
    await runTool('hivexregedit', ['--merge', '--prefix', prefix, hiveFile, regFile], { stage, timeoutMs: 120_000 });
  } finally {
    await rm(regFile, { force: true });
  }
}

/**
 * Resolves `relPath` (`Windows/System32/config/SOFTWARE`) under `root` matching each component case-insensitively,
 * as Windows would (NTFS mounted with ntfs-3g is case-sensitive for lookups).
 * @returns the real path, or null when some component does not exist.
 */
export async function findPathCaseInsensitive(root: string, relPath: string): Promise<string | null> {
  let dir = root;
  for (const part of relPath.split('/').filter(Boolean)) {
    const entries = await readdir(dir).catch(() => null);
    if (!entries) return null;
    const match = entries.find((e) => e === part) ?? entries.find((e) => e.toLowerCase() === part.toLowerCase());
    if (!match) return null;
    dir = join(dir, match);
  }
  return dir;
}
