// POST /login: the password, then a second factor unless this device is remembered.
import * as web from 'mfa-kit/web';
import { cookies, mfa, posted, signIn, users } from '../../lib/mfa.js';

export async function POST(request) {
  const { email, password } = await posted(request);
  const user = await users.check(email, password);
  if (!user) return Response.json({ error: 'wrong_password' }, { status: 401 });
  const deviceToken = cookies.device.read(request);
  const started = await mfa.challenge.start(user.id, { deviceToken });
  if (!started.ok) return web.failureResponse(started.error); // status, Retry-After, words
  if (!started.required) return signIn(user, cookies.afterStart(started));
  const body = Response.json({ mfa: true, factors: started.factors });
  return web.withCookies(body, cookies.afterStart(started)); // the challenge id, HttpOnly
}
