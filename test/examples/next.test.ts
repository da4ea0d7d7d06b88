/**
 * examples/next: the App Router route handlers called directly, Request in, Response out, as
 * Next.js calls them (no Next.js server), through the whole sign-in journey.
 */
import { describe, it } from 'vitest';
import { ensureExampleLinks } from '../web/example-links.js';
import { signInJourney } from '../web/journey.js';

ensureExampleLinks('next');
// @ts-expect-error the example is plain JavaScript
const { handle } = await import('../../examples/next/routes.js');

describe('examples/next', () => {
  it('route handlers: sign in, enroll an app, remember the device, backup code', async () => {
    await signInJourney((path, init) => handle(new Request(`http://localhost${path}`, init)));
  });
});
