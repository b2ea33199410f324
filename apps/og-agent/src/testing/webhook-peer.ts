import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentEvent, OG_HEADERS, verifyWebhook, WEBHOOK_PATHS } from '@og/contracts';

/** A test stand-in for og-core's `POST /webhooks/agent`: verifies signatures and records events in arrival order. */
export class WebhookPeer {
  readonly events: AgentEvent[] = [];
  /** Requests refused for a bad signature. */
  rejected = 0;

  private constructor(private readonly server: Server) {}

  static async start(secret: string): Promise<WebhookPeer> {
    const server = createServer();
    const peer = new WebhookPeer(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        const check = verifyWebhook({
          secret,
          timestamp: req.headers[OG_HEADERS.timestamp] as string | undefined,
          signature: req.headers[OG_HEADERS.signature] as string | undefined,
          rawBody,
          nowSeconds: Math.floor(Date.now() / 1000),
        });
        if (req.url !== WEBHOOK_PATHS.agent || !check.ok) {
          peer.rejected++;
          res.writeHead(401).end();
          return;
        }
        const event = JSON.parse(rawBody.toString()) as AgentEvent;
        if (event.id !== req.headers[OG_HEADERS.eventId]) {
          peer.rejected++;
          res.writeHead(400).end();
          return;
        }
        peer.events.push(event);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return peer;
  }

  /** `http://127.0.0.1:<port>` (OG_AGENT_CORE_URL). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Events of one job, in order. */
  jobEvents(jobId: string): AgentEvent[] {
    return this.events.filter((e) => 'jobId' in e && e.jobId === jobId);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
