import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { AgentEvent, OG_HEADERS, signWebhook, WEBHOOK_PATHS } from '@og/contracts';
import { AGENT_CONFIG, AgentConfig } from '@agent/config/env';

/** Events without the envelope fields the sender fills in (id, occurredAt, agent). */
export type AgentEventInput = AgentEvent extends infer E
  ? E extends AgentEvent
    ? Omit<E, 'id' | 'occurredAt' | 'agent'>
    : never
  : never;

interface Pending {
  event: AgentEvent;
  body: string;
  /** Journal file name, or null when it could not be journaled. */
  file: string | null;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Delivers agent events to og-core (`POST <core>/webhooks/agent`, HMAC-signed) in order, one at a time.
 * Retries with exponential backoff (0.5 s doubling, capped at 30 s) until og-core answers 2xx; a 4xx other than
 * 408/429 is logged and dropped. Every event but `job.progress` is journaled first (one fsynced file per event under
 * `<OG_AGENT_STATE_DIR>/outbox/<mac>/`, named by sequence) and its file removed once og-core acknowledged or refused
 * it; events left by an earlier run are re-sent first, in order, with their original ids. Progress lives in memory
 * only: it is stale after a restart, and an fsync a second would stall a long job's data path behind the disk's
 * write-back.
 */
@Injectable()
export class WebhookSender implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly queue: Pending[] = [];
  private running = false;
  private started = false;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly journalDir: string;
  private sequence = 0;

  constructor(@Inject(AGENT_CONFIG) private readonly config: AgentConfig) {
    this.journalDir = join(config.stateDir, 'outbox', config.identity.mac.replace(/:/g, ''));
    this.recover();
  }

  /**
   * Queues an event. A `job.progress` still waiting behind the one in flight is replaced by a newer one of the
   * same job, so a slow og-core never sees stale progress pile up.
   * @returns the event id (`x-og-event-id`).
   */
  send(input: AgentEventInput): string {
    const event = {
      ...input,
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      agent: this.config.identity,
    } as AgentEvent;
    const body = JSON.stringify(event);
    if (event.event === 'job.progress') {
      const i = this.queue.findIndex(
        (p, idx) => idx > 0 && p.event.event === 'job.progress' && p.event.jobId === event.jobId,
      );
      if (i > 0) {
        this.queue[i] = { event, body, file: null };
        return event.id;
      }
      this.queue.push({ event, body, file: null });
      void this.drain();
      return event.id;
    }
    this.queue.push({ event, body, file: this.journal(this.nextFileName(), body) });
    void this.drain();
    return event.id;
  }

  /** Begins delivering (called once the app has booted; events sent before wait in the queue). */
  start(): void {
    this.started = true;
    void this.drain();
  }

  /** Events not yet acknowledged by og-core. */
  pendingCount(): number {
    return this.queue.length;
  }

  /** Sends `agent.stopped` and waits up to 3 s for the queue to empty (best effort). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.send({ event: 'agent.stopped' });
    const deadline = Date.now() + 3000;
    while (this.queue.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.stopping = true;
    this.wake?.();
    if (this.queue.length) this.logger.warn({ pending: this.queue.length }, 'stopping with undelivered webhooks');
  }

  private async drain(): Promise<void> {
    if (this.running || !this.started) return;
    this.running = true;
    let attempt = 0;
    try {
      while (this.queue.length && !this.stopping) {
        const head = this.queue[0];
        const outcome = await this.post(head);
        if (outcome === 'retry') {
          const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt++);
          await this.sleep(delay);
          continue;
        }
        attempt = 0;
        this.queue.shift();
        this.forget(head);
      }
    } finally {
      this.running = false;
    }
  }

  /** Loads events an earlier run left in the journal, oldest first. */
  private recover(): void {
    try {
      mkdirSync(this.journalDir, { recursive: true });
      const files = readdirSync(this.journalDir)
        .filter((f) => /^\d{12}\.json$/.test(f))
        .sort();
      for (const file of files) {
        this.sequence = Math.max(this.sequence, Number(file.slice(0, 12)));
        const body = readFileSync(join(this.journalDir, file), 'utf8');
        try {
          this.queue.push({ event: JSON.parse(body) as AgentEvent, body, file });
        } catch {
          this.logger.error({ file }, 'unreadable journaled webhook; removed');
          unlinkSync(join(this.journalDir, file));
        }
      }
      if (files.length) this.logger.log({ pending: this.queue.length }, 're-sending journaled webhooks');
    } catch (err) {
      this.logger.error({ err: (err as Error).message, dir: this.journalDir }, 'cannot read the webhook journal');
    }
  }

  private nextFileName(): string {
    return `${String(++this.sequence).padStart(12, '0')}.json`;
  }

  /** Writes `body` durably as `file` (temp file, fsync, rename). @returns the file name, or null if it failed. */
  private journal(file: string, body: string): string | null {
    const path = join(this.journalDir, file);
    try {
      mkdirSync(this.journalDir, { recursive: true });
      const fd = openSync(`${path}.tmp`, 'w');
      try {
        writeSync(fd, body);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(`${path}.tmp`, path);
      return file;
    } catch (err) {
      this.logger.error({ err: (err as Error).message, file: path }, 'cannot journal a webhook; kept in memory only');
      return null;
    }
  }

  private forget(p: Pending): void {
    if (!p.file) return;
    try {
      unlinkSync(join(this.journalDir, p.file));
    } catch {
      /* already gone */
    }
  }

  private async post(p: Pending): Promise<'done' | 'retry'> {
    const ts = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(`${this.config.coreUrl}${WEBHOOK_PATHS.agent}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [OG_HEADERS.timestamp]: String(ts),
          [OG_HEADERS.signature]: signWebhook(this.config.webhookSecret, ts, p.body),
          [OG_HEADERS.eventId]: p.event.id,
        },
        body: p.body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'done';
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        this.logger.error(
          { status: res.status, event: p.event.event, eventId: p.event.id },
          'og-core refused a webhook; dropped',
        );
        return 'done';
      }
      this.logger.warn({ status: res.status, event: p.event.event }, 'webhook not accepted; will retry');
      return 'retry';
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, event: p.event.event }, 'webhook delivery failed; will retry');
      return 'retry';
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
