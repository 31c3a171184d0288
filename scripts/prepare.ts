/**
 * What `npm run dev` and `npm run dev:queue` need before they start, run by the scripts
 * themselves (after they have answered --help): the real n8n host (and for queue mode
 * PostgreSQL and Redis) from scripts/e2e-setup.js, then a build of both packages.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export function prepare(setupArgs: string[]): void {
	execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'e2e-setup.js'), ...setupArgs], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	execFileSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}
