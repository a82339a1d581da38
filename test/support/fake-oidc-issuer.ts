/**
 * An OpenID Connect issuer faked on the page's own origin (`<baseUrl>/fake-oidc`) by intercepting
 * its paths, for the staff apps' browser tests: discovery, the sign-in page (which answers at once
 * with a code, checking the client and PKCE's S256) and the token endpoint (which checks the PKCE
 * verifier against the challenge and hands out `token()`).
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function fakeOidcIssuer(page: Page, baseUrl: string, options: { clientId: string; token: () => Promise<string> }) {
  const issuer = `${baseUrl}/fake-oidc`;
  const challenges = new Map<string, string>();
  let verified = false;
  await page.route(`${issuer}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('/.well-known/openid-configuration')) {
      return route.fulfill({ json: { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` } });
    }
    if (url.pathname.endsWith('/authorize')) {
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('client_id')).toBe(options.clientId);
      challenges.set('code-1', url.searchParams.get('code_challenge') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code: 'code-1', state: url.searchParams.get('state') ?? '' }).toString();
      return route.fulfill({ status: 302, headers: { location: back.href } });
    }
    const form = new URLSearchParams(route.request().postData() ?? '');
    const expected = challenges.get(form.get('code') ?? '');
    const actual = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (form.get('grant_type') !== 'authorization_code' || !expected || actual !== expected)
      return route.fulfill({ status: 400, json: { error: 'invalid_grant' } });
    verified = true;
    return route.fulfill({ json: { access_token: await options.token(), token_type: 'Bearer', expires_in: 3600 } });
  });
  return { issuer, verified: () => verified };
}
