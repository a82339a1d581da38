/**
 * `npm test` runs this first: the browser tests need Debian's Chromium (a test tool's own browser
 * download cannot work on these machines) and a CJK font so screenshots show Chinese. On a fresh
 * machine, as root, it installs them with apt; otherwise it says what is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = '/usr/bin/chromium';
const cjkFont = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const missing = [...(existsSync(chromium) ? [] : ['chromium']), ...(existsSync(cjkFont) ? [] : ['fonts-noto-cjk'])];

if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(`Browser tests need Debian packages: ${missing.join(' ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(' ')} with apt-get (once per machine)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
