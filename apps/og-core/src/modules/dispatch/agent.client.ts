import { Inject, Injectable } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import { AGENT_JOB_ID, CLONING_ENGINE_PREFIX } from '@og/contracts';
import { CORE_ENV, CoreEnv } from '@core/config/env';

/** How an order to an agent ended. Only `unreachable` may be retried: the agent never saw the order. */
export type OrderOutcome =
  | { kind: 'accepted'; jobId: string }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'unknown'; reason: string };

const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET_BEFORE_CONNECT',
]);

/** HTTP adapter to og-agent's `/CloningEngine/<nfn>` (OpenGnsys 2 ogAgent API). */
@Injectable()
export class AgentClient {
  constructor(@Inject(CORE_ENV) private readonly env: CoreEnv) {}

  /**
   * POSTs `body` to `<scheme>://<ip>:<OG_AGENT_PORT>/CloningEngine/<nfn>` with the agents' secret.
   * Distinguishes "never connected" (safe to retry) from "connected but no clear answer" (never retried).
   */
  sendOrder(ip: string, nfn: string, body: Record<string, unknown>): Promise<OrderOutcome> {
    const payload = Buffer.from(JSON.stringify(body));
    const transport = this.env.OG_AGENT_SCHEME === 'https' ? https : http;
    const timeoutMs = this.env.OG_AGENT_TIMEOUT_SECONDS * 1000;
    return new Promise((resolve) => {
      let connected = false;
      const req = transport.request(
        {
          host: ip,
          port: this.env.OG_AGENT_PORT,
          method: 'POST',
          path: `/${CLONING_ENGINE_PREFIX}/${nfn}`,
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            authorization: this.env.OG_AGENT_SECRET,
          },
          rejectUnauthorized: this.env.OG_AGENT_TLS_INSECURE !== 'true',
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(this.interpret(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', (err) => resolve({ kind: 'unknown', reason: `agent answer broken: ${err.message}` }));
        },
      );
      req.on('socket', (socket) => {
        // A kept-alive socket is already connected and never emits `connect` again.
        if (!socket.connecting) connected = true;
        else socket.once(this.env.OG_AGENT_SCHEME === 'https' ? 'secureConnect' : 'connect', () => (connected = true));
      });
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(`no answer within ${this.env.OG_AGENT_TIMEOUT_SECONDS} s`), { code: 'ETIMEDOUT' }),
        ),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (!connected || NOT_CONNECTED.has(err.code ?? ''))
          resolve({ kind: 'unreachable', reason: `${err.code ?? ''} ${err.message}`.trim() });
        else resolve({ kind: 'unknown', reason: `connection lost after the order was sent: ${err.message}` });
      });
      req.end(payload);
    });
  }

  /**
   * Asks the agent to cancel `jobId` (`POST /CloningEngine/jobs/{job_id}/cancel`).
   * @returns `cancelled`, `not-running` (409: already finished), `unknown-job` (404) or `unreachable`.
   */
  cancelJob(ip: string, jobId: string): Promise<'cancelled' | 'not-running' | 'unknown-job' | 'unreachable'> {
    const transport = this.env.OG_AGENT_SCHEME === 'https' ? https : http;
    return new Promise((resolve) => {
      const req = transport.request(
        {
          host: ip,
          port: this.env.OG_AGENT_PORT,
          method: 'POST',
          path: `/${CLONING_ENGINE_PREFIX}/jobs/${encodeURIComponent(jobId)}/cancel`,
          headers: { authorization: this.env.OG_AGENT_SECRET },
          rejectUnauthorized: this.env.OG_AGENT_TLS_INSECURE !== 'true',
          // Cancelling waits for the agent's tools to exit and the target to be wiped.
          timeout: Math.max(30, this.env.OG_AGENT_TIMEOUT_SECONDS) * 1000,
        },
        (res) => {
          res.resume();
          const code = res.statusCode ?? 0;
          resolve(
            code === 200 ? 'cancelled' : code === 409 ? 'not-running' : code === 404 ? 'unknown-job' : 'unreachable',
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve('unreachable'));
      req.end();
    });
  }

  /** Whether the agent still knows `jobId`: `known`, `unknown-job` (404), or `unreachable`. */
  jobState(ip: string, jobId: string): Promise<'known' | 'unknown-job' | 'unreachable'> {
    const transport = this.env.OG_AGENT_SCHEME === 'https' ? https : http;
    return new Promise((resolve) => {
      const req = transport.request(
        {
          host: ip,
          port: this.env.OG_AGENT_PORT,
          method: 'GET',
          path: `/${CLONING_ENGINE_PREFIX}/jobs/${encodeURIComponent(jobId)}`,
          headers: { authorization: this.env.OG_AGENT_SECRET },
          rejectUnauthorized: this.env.OG_AGENT_TLS_INSECURE !== 'true',
          timeout: this.env.OG_AGENT_TIMEOUT_SECONDS * 1000,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode === 404 ? 'unknown-job' : res.statusCode === 200 ? 'known' : 'unreachable');
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve('unreachable'));
      req.end();
    });
  }

  private interpret(status: number, text: string): OrderOutcome {
    let body: { job_id?: unknown; message?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      /* non-JSON answers are reported as text */
    }
    if (status === 202 || status === 200) {
      if (typeof body.job_id === 'string' && AGENT_JOB_ID.test(body.job_id))
        return { kind: 'accepted', jobId: body.job_id };
      return { kind: 'unknown', reason: `agent answered ${status} without a valid job_id: ${text.slice(0, 200)}` };
    }
    const message = Array.isArray(body.message)
      ? body.message.join('; ')
      : typeof body.message === 'string'
        ? body.message
        : text.slice(0, 500);
    return { kind: 'refused', status, message };
  }
}
