/**
 * `npm run -s token -- <operator|partner> <id>`: prints an access token the local gateway accepts
 * (signed with `.local/jwt-signing-key.json`; valid 12 hours), and nothing else on stdout, so
 * `TOKEN=$(npm run -s token -- operator op-1)` works.
 */
import { defaultDataDirectory, localStatePaths } from './local-paths.ts';
import { isLocalRole, issueLocalToken, loadOrCreateSigningKey } from './tokens.ts';

const [role, id] = process.argv.slice(2);
if (!role || !id || !isLocalRole(role)) {
  console.error('usage: npm run -s token -- <operator|partner> <id>\n  e.g. npm run -s token -- partner demo-li-jianguo');
  process.exit(2);
}
const key = await loadOrCreateSigningKey(localStatePaths(process.env.LOCAL_DATA_DIRECTORY ?? defaultDataDirectory).signingKey);
console.log(await issueLocalToken(key, { role, id }));
console.error(`(${role} ${id}, valid 12 h; use as: Authorization: Bearer <token>)`);
