import express from 'express';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import request from 'supertest';
import { requestLogger, requestLogLevel } from './logger';

describe('requestLogLevel', () => {
  it('logs server failures as errors, successful reads at debug, the rest at info', () => {
    expect(requestLogLevel('GET', 500)).toBe('error');
    expect(requestLogLevel('POST', 200, new Error('boom'))).toBe('error');
    expect(requestLogLevel('GET', 404)).toBe('info');
    expect(requestLogLevel('GET', 200)).toBe('debug');
    expect(requestLogLevel('HEAD', 206)).toBe('debug');
    expect(requestLogLevel('POST', 202)).toBe('info');
    expect(requestLogLevel('DELETE', 204)).toBe('info');
  });
});

describe('requestLogger', () => {
  async function linesFor(level: string, send: (agent: request.Agent) => Promise<unknown>): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    const holder = PinoLogger as unknown as { root: pino.Logger }; // nestjs-pino sets it when the module starts
    const previous = holder.root;
    holder.root = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const app = express();
    app.use(requestLogger());
    app.get('/health/live', (_req, res) => res.json({ ok: true }));
    app.get('/clients', (_req, res) => res.json([]));
    app.post('/clients', (_req, res) => res.status(201).json({ id: 'x' }));
    app.get('/broken', (_req, res) => res.status(500).json({}));
    try {
      await send(request.agent(app));
      await new Promise((r) => setImmediate(r));
      return lines;
    } finally {
      holder.root = previous;
    }
  }

  it('writes one line per request at its level, with method, url, status and time; health probes never', async () => {
    const lines = await linesFor('debug', async (agent) => {
      await agent.get('/health/live').expect(200);
      await agent.get('/clients?page=2').expect(200);
      await agent.post('/clients').expect(201);
      await agent.get('/broken').expect(500);
    });
    expect(lines.map((l) => [l.level, l.req.method, l.req.url, l.res.statusCode, l.msg])).toEqual([
      [20, 'GET', '/clients?page=2', 200, 'request completed'],
      [30, 'POST', '/clients', 201, 'request completed'],
      [50, 'GET', '/broken', 500, 'request completed'],
    ]);
    expect(lines.every((l) => typeof l.responseTime === 'number')).toBe(true);
  });

  it('at info, successful reads leave no line', async () => {
    const lines = await linesFor('info', async (agent) => {
      await agent.get('/clients').expect(200);
      await agent.post('/clients').expect(201);
    });
    expect(lines.map((l) => l.req.method)).toEqual(['POST']);
  });
});

interface LogLine {
  level: number;
  msg: string;
  responseTime: unknown;
  req: { method: string; url: string };
  res: { statusCode: number };
}
