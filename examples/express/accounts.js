// Demo account handling, kept apart from mfa-kit: users with scrypt-hashed passwords, in memory.
// A real app has this already; mfa-kit only needs a stable user id and "when was the password
// last checked".
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { scrypt } from '@noble/hashes/scrypt.js';
import { equalBytes } from 'mfa-kit';

const COST = { N: 2 ** 14, r: 8, p: 1, dkLen: 32 };
const encoder = new TextEncoder();

export function createAccounts() {
  const byEmail = new Map();
  const byId = new Map();

  const hash = (password, salt) => scrypt(encoder.encode(password), salt, COST);

  return {
    create(email, password) {
      const key = email.trim().toLowerCase();
      if (byEmail.has(key)) return null;
      const salt = new Uint8Array(nodeRandomBytes(16));
      const user = {
        id: `u_${nodeRandomBytes(9).toString('base64url')}`,
        email: key,
        salt,
        hash: hash(password, salt),
        createdAt: Date.now(),
      };
      byEmail.set(key, user);
      byId.set(user.id, user);
      return user;
    },
    /** The user if the password is right; the same work is done when the e-mail is unknown. */
    check(email, password) {
      const user = byEmail.get(String(email).trim().toLowerCase());
      const salt = user?.salt ?? new Uint8Array(16);
      const ok = equalBytes(hash(password, salt), user?.hash ?? new Uint8Array(32));
      return ok && user ? user : null;
    },
    setPassword(user, password) {
      user.salt = new Uint8Array(nodeRandomBytes(16));
      user.hash = hash(password, user.salt);
    },
    get(id) {
      return byId.get(id) ?? null;
    },
  };
}
