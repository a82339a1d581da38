/**
 * A local HTTP server that answers as the AWS Parameters and Secrets Lambda Extension does
 * (AWS Secrets Manager user guide, "Use AWS Secrets Manager secrets in AWS Lambda functions"):
 * `GET /secretsmanager/get?secretId=<id>` with the execution environment's session token in
 * X-Aws-Parameters-Secrets-Token answers GetSecretValue's JSON; without the header 400, with
 * another token 403, an unknown secret 400. It listens on 127.0.0.1 and records every request.
 * `stall()` makes it accept requests and never answer; `answerNext()` makes the next answer another one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExtensionRequest {
  method: string;
  path: string;
  secretId: string | null;
  token: string | undefined;
}

export interface FakeSecretsExtension {
  port: number;
  requests: ExtensionRequest[];
  stall(): void;
  answerNext(status: number, body: string): void;
  close(): Promise<void>;
}

export async function startFakeSecretsExtension(options: { sessionToken: string; secrets: Record<string, string> }): Promise<FakeSecretsExtension> {
  const requests: ExtensionRequest[] = [];
  let stalled = false;
  let next: { status: number; body: string } | undefined;
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.statusCode = status;
    response.setHeader('content-type', 'application/json');
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const token = request.headers['x-aws-parameters-secrets-token'];
    const recorded = { method: request.method ?? '', path: url.pathname, secretId: url.searchParams.get('secretId'), token: typeof token === 'string' ? token : undefined };
    requests.push(recorded);
    if (stalled) return;
    if (next) {
      const { status, body } = next;
      next = undefined;
      return answer(response, status, body);
    }
    if (recorded.token === undefined) return answer(response, 400, 'missing X-Aws-Parameters-Secrets-Token header');
    if (recorded.token !== options.sessionToken) return answer(response, 403, 'the token is not the session token');
    if (recorded.method !== 'GET' || recorded.path !== '/secretsmanager/get' || !recorded.secretId) return answer(response, 400, 'bad request');
    const value = options.secrets[recorded.secretId];
    if (value === undefined) return answer(response, 400, `ResourceNotFoundException: Secrets Manager can't find the specified secret.`);
    return answer(response, 200, {
      ARN: recorded.secretId,
      Name: recorded.secretId.split(':').at(-1),
      SecretString: value,
      VersionId: '00000000-0000-4000-8000-000000000001',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: '2026-11-30T00:00:00.000Z',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    stall: () => {
      stalled = true;
    },
    answerNext: (status, body) => {
      next = { status, body };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
