/**
 * The examples import `mfa-kit` as a user's app does, through `node_modules/mfa-kit`. `npm install`
 * in an example folder makes that a link to the repository (its dependency is `file:../..`); this
 * makes the same link without the install, so the tests run on the repository's build (dist/).
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function ensureExampleLinks(example: string): void {
  const modules = `${root}examples/${example}/node_modules`;
  if (existsSync(`${modules}/mfa-kit/package.json`)) return;
  mkdirSync(modules, { recursive: true });
  try {
    symlinkSync('../../..', `${modules}/mfa-kit`, 'dir');
  } catch (err) {
    // Another test file made it at the same moment.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (!existsSync(`${root}dist/web.js`)) throw new Error('build first: npx tsup');
}
