// POST /mfa/totp/confirm { factorId, code }: the first code from the app turns it on.
import * as web from 'mfa-kit/web';
import { mfa, posted, session } from '../../../../lib/mfa.js';

export async function POST(request) {
  const s = session(request);
  if (!s) return new Response(null, { status: 401 });
  const { factorId, code } = await posted(request);
  const r = await mfa.totp.confirm(s.user.id, String(factorId), String(code));
  return r.ok ? Response.json(r) : web.failureResponse(r.error); // r.backupCodes: show them once
}
