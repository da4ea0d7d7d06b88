// Demo account handling, kept apart from mfa-kit: users with scrypt-hashed passwords, in memory.
// A real app has this already; mfa-kit only needs a stable user id and "when was the password
// last checked". Accounts sign in with an e-mail address or a username; the e-mail address, the
// plan and the phone number on the profile are what the demo's MFA policy looks at.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { scrypt } from '@noble/hashes/scrypt.js';
import { equalBytes } from 'mfa-kit';

const COST = { N: 2 ** 14, r: 8, p: 1, dkLen: 32 };
const encoder = new TextEncoder();
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export const isEmail = (text) => EMAIL.test(text) && text.length <= 254;
export const isUsername = (text) => USERNAME.test(text);

export function createAccounts() {
  const byLogin = new Map();
  const byId = new Map();

  const hash = (password, salt) => scrypt(encoder.encode(password), salt, COST);
  const key = (login) =>
    String(login ?? '')
      .trim()
      .toLowerCase();

  return {
    /** `login` is an e-mail address (also used for notifications) or a username (no e-mail). */
    create(login, password) {
      const name = key(login);
      if (byLogin.has(name)) return null;
      const salt = new Uint8Array(nodeRandomBytes(16));
      const user = {
        id: `u_${nodeRandomBytes(9).toString('base64url')}`,
        login: name,
        email: isEmail(name) ? name : '',
        plan: 'free',
        phone: '',
        salt,
        hash: hash(password, salt),
        createdAt: Date.now(),
      };
      byLogin.set(name, user);
      byId.set(user.id, user);
      return user;
    },
    /** The user if the password is right; the same work is done when the login is unknown. */
    check(login, password) {
      const user = byLogin.get(key(login));
      const salt = user?.salt ?? new Uint8Array(16);
      const ok = equalBytes(hash(String(password ?? ''), salt), user?.hash ?? new Uint8Array(32));
      return ok && user ? user : null;
    },
    setPassword(user, password) {
      user.salt = new Uint8Array(nodeRandomBytes(16));
      user.hash = hash(password, user.salt);
    },
    get(id) {
      return byId.get(id) ?? null;
    },
    all() {
      return [...byId.values()];
    },
  };
}
