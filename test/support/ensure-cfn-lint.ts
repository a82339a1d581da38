/**
 * `npm test` runs this first too: the infra tests check every synthesized template with cfn-lint
 * (AWS's CloudFormation linter, a Python tool with each region's resource specification). When it
 * is missing, it is installed with pip for the current user; otherwise this says how to install it.
 */
import { execFileSync } from 'node:child_process';

function hasCfnLint(): boolean {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!hasCfnLint()) {
  console.log('Installing cfn-lint with pip (once per machine)…');
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--user', '--quiet', 'cfn-lint'], { stdio: 'inherit' });
  } catch {
    console.error('The infra tests need cfn-lint on the PATH: pip install cfn-lint (or pipx install cfn-lint).');
    process.exit(1);
  }
  if (!hasCfnLint()) {
    console.error('cfn-lint was installed but is not on the PATH: add ~/.local/bin to PATH.');
    process.exit(1);
  }
}
