/**
 * Cognito's user pool API as its SDK calls it, from the browser with plain fetch: a JSON POST
 * naming the operation. An error answer becomes `CognitoFailure` with Cognito's `__type`
 * (`NotAuthorizedException`, `CodeMismatchException`…); no answer at all, `CognitoUnreachable`.
 */

export class CognitoFailure extends Error {
  constructor(readonly type: string) {
    super(type);
  }
}

export class CognitoUnreachable extends Error {}

export type CognitoCall = <T>(operation: string, body: unknown) => Promise<T>;

export function cognitoClient(region: string): CognitoCall {
  return async <T>(operation: string, body: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new CognitoUnreachable();
    }
    if (response.ok) return (await response.json()) as T;
    const problem = (await response.json().catch(() => ({}))) as { __type?: string };
    // `__type` may carry a namespace prefix (`com.amazonaws…#NotAuthorizedException`).
    throw new CognitoFailure((problem.__type ?? `HTTP${response.status}`).replace(/^.*#/, ''));
  };
}
