/**
 * A local webhook receiver, so a person can watch offers arrive: prints each request (method, path,
 * the Standard Webhooks headers, the JSON body) and whether its signature verifies with the
 * configured secret. Answers 200 `{"errcode":0,"errmsg":"ok"}`, which both a webhook sender (any
 * 2xx) and a WeCom or DingTalk robot sender (errcode 0) take as delivered; `?status=500` on the URL
 * answers that status instead, to watch the retries; `?hang=1` never answers (a dead endpoint that
 * keeps the connection open), to watch the sender's timeout.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface WebhookReceiverOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  host?: string;
  /** `whsec_…`: signatures are checked with it; without it they are only shown. */
  secret?: string;
  print?: (text: string) => void;
}

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** undefined: no secret to check with. */
  signature: { valid: true } | { valid: false; why: string } | undefined;
  /** 0: not answered (`?hang=1`). */
  answeredStatus: number;
  /** Epoch ms when the request had arrived whole. */
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

const shownHeaders = ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'user-agent'];

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const print = options.print ?? ((text: string) => console.log(text));
  const verifier = options.secret ? new Webhook(options.secret) : undefined;
  const received: ReceivedWebhook[] = [];

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://receiver');
    const headers = Object.fromEntries(
      Object.entries(request.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])),
    );
    const asked = Number(url.searchParams.get('status'));
    const hang = url.searchParams.get('hang') === '1';
    const status = hang ? 0 : Number.isInteger(asked) && asked >= 200 && asked <= 599 ? asked : 200;
    const entry: ReceivedWebhook = {
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      headers,
      body,
      signature: verifier && headers['webhook-signature'] ? check(verifier, body, headers) : undefined,
      answeredStatus: status,
      receivedAt: Date.now(),
    };
    received.push(entry);
    print(describe(entry));
    // Never answered: the connection stays open until the sender gives up (or close() ends it).
    if (hang) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(status < 300 ? JSON.stringify({ errcode: 0, errmsg: 'ok' }) : JSON.stringify({ error: `answered ${status} as asked` }));
  });

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function check(verifier: Webhook, body: string, headers: Record<string, string>): ReceivedWebhook['signature'] {
  try {
    verifier.verify(body, headers);
    return { valid: true };
  } catch (error) {
    return { valid: false, why: error instanceof Error ? error.message : String(error) };
  }
}

function describe(entry: ReceivedWebhook): string {
  const answer = entry.answeredStatus === 0 ? 'not answered' : `answered ${entry.answeredStatus}`;
  const lines = [`\n── webhook ${entry.method} ${entry.path}  at ${new Date(entry.receivedAt).toISOString()}  → ${answer}`];
  for (const name of shownHeaders) if (entry.headers[name]) lines.push(`   ${name}: ${entry.headers[name]}`);
  if (entry.signature?.valid) lines.push('   signature: ✓ verified with the configured secret');
  else if (entry.signature) lines.push(`   signature: ✗ does NOT verify (${entry.signature.why})`);
  else if (entry.headers['webhook-signature']) lines.push('   signature: not checked (no secret configured)');
  lines.push(indent(pretty(entry.body)));
  return lines.join('\n');
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
