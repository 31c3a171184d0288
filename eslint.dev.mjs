// ESLint for the development code (scripts/, test/, tools/): typescript-eslint's recommended
// rules. It is not n8n's node rule set on purpose: these files never ship, and they use what node
// code must not (process, fs, timers, console). Each of those folders has an eslint.config.mjs
// that re-exports this, and `npm run lint` runs `n8n-node lint` with ESLint's
// `unstable_config_lookup_from_file` flag so each file gets the nearest config: the root
// eslint.config.mjs (n8n's own, unchanged) for nodes/, credentials/ and package.json.
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['**/node_modules/**'] },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
);
