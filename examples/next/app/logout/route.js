// POST /logout
import { signOut } from '../../lib/mfa.js';

export const POST = (request) => signOut(request);
