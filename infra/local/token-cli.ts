/**
 * `npm run -s token -- <operator|partner> <id>`: prints an access token the local gateway accepts
 * (signed with `.local/jwt-signing-key.json`; valid 12 hours), and nothing else on stdout, so
 * `TOKEN=$(npm run -s token -- operator op-1)` works.
 *
 * A partner's token carries the subject of the login linked to that partner, never the partner id:
 * the running system (`npm start`, at LOCAL_API_URL or http://127.0.0.1:$PORT, default 3000) links
 * one if the partner has none and issues the token. An operator's token needs no running system.
 */
import { defaultDataDirectory, localStatePaths } from './local-paths.ts';
import { isLocalRole, issueLocalToken, loadOrCreateSigningKey } from './tokens.ts';

const [role, id] = process.argv.slice(2);
if (!role || !id || !isLocalRole(role)) {
  console.error('usage: npm run -s token -- <operator|partner> <id>\n  e.g. npm run -s token -- partner demo-li-jianguo');
  process.exit(2);
}
const baseUrl = process.env.LOCAL_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

async function fromRunningSystem(): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/_local/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, id }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`${baseUrl}/_local/tokens answered ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  } catch (error) {
    if (role === 'partner') {
      console.error(
        `a partner token needs the running system (npm start), which links the partner's login: ${(error as Error).message}\n  set PORT or LOCAL_API_URL if it runs elsewhere`,
      );
      process.exit(1);
    }
    return undefined;
  }
}

const token =
  (await fromRunningSystem()) ??
  (await issueLocalToken(await loadOrCreateSigningKey(localStatePaths(process.env.LOCAL_DATA_DIRECTORY ?? defaultDataDirectory).signingKey), { role, id }));
console.log(token);
console.error(`(${role} ${id}, valid 12 h; use as: Authorization: Bearer <token>)`);
