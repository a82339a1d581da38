/**
 * Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension, the layer
 * infra/secrets-extension.ts adds to the functions granted a secret: an HTTP server on localhost
 * (port PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, 2773 by default) that calls GetSecretValue with
 * the function's own credentials and caches the answer, so no AWS SDK client is bundled for it.
 * It serves only requests that carry the execution environment's session token in
 * X-Aws-Parameters-Secrets-Token, and answers with GetSecretValue's JSON.
 */

export const secretsExtensionDefaultPort = 2773;

/** Longer than a cold GetSecretValue takes, well within a function's 10 seconds. */
export const secretsExtensionTimeoutMs = 3000;

export interface SecretsExtensionOptions {
  /** @default process.env */
  environment?: Readonly<Record<string, string | undefined>>;
  /** @default secretsExtensionTimeoutMs */
  timeoutMs?: number;
}

function portOf(environment: Readonly<Record<string, string | undefined>>): number {
  const configured = environment.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  if (configured === undefined || configured === '') return secretsExtensionDefaultPort;
  const port = Number(configured);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is ${JSON.stringify(configured)}, not a port number`);
  }
  return port;
}

/** The secret's SecretString (undefined for a binary secret); an error that says why on anything but a 200 with that JSON. */
export async function secretStringFromExtension(secretId: string, options: SecretsExtensionOptions = {}): Promise<string | undefined> {
  const environment = options.environment ?? process.env;
  const port = portOf(environment);
  const token = environment.AWS_SESSION_TOKEN;
  if (!token) throw new Error('AWS_SESSION_TOKEN is not set: the Parameters and Secrets extension answers only requests that carry it');
  let response: Response;
  try {
    response = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`, {
      headers: { 'X-Aws-Parameters-Secrets-Token': token },
      signal: AbortSignal.timeout(options.timeoutMs ?? secretsExtensionTimeoutMs),
    });
  } catch (error) {
    throw new Error(`the Parameters and Secrets extension on port ${port} did not answer: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`the Parameters and Secrets extension answered ${response.status} for the secret: ${text.slice(0, 200)}`);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new Error('the Parameters and Secrets extension answered 200 with no JSON');
  }
  const secretString = typeof answer === 'object' && answer !== null ? (answer as { SecretString?: unknown }).SecretString : undefined;
  return typeof secretString === 'string' ? secretString : undefined;
}
