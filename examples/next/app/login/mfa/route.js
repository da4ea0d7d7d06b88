// POST /login/mfa: a code from the app or a backup code, and "remember this device".
import * as web from 'mfa-kit/web';
import { cookies, mfa, posted, signIn, users } from '../../../lib/mfa.js';

export async function POST(request) {
  const answer = web.readChallengeAnswer(await posted(request)); // { code } or { backupCode }
  if (!answer) return Response.json({ error: 'code_required' }, { status: 400 });
  const challengeId = cookies.challenge.read(request) ?? '';
  const r = await mfa.challenge.verify(challengeId, answer.answer, answer.options);
  if (!r.ok) return web.withCookies(web.failureResponse(r.error), cookies.afterVerify(r));
  return signIn(await users.byId(r.userId), cookies.afterVerify(r)); // + the device cookie
}
