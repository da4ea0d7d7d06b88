// POST /mfa/totp/begin: settings → "Add an authenticator app" (signed-in users only).
import * as web from 'mfa-kit/web';
import { mfa, session } from '../../../../lib/mfa.js';

export async function POST(request) {
  const s = session(request);
  if (!s) return new Response(null, { status: 401 });
  const { user, authenticatedAt } = s;
  const r = await mfa.totp.begin(user.id, { accountName: user.email, authenticatedAt });
  return r.ok ? Response.json(r) : web.failureResponse(r.error); // r.uri as a QR code, r.secret as text
}
