// Stand-ins for what your app already has: its account store and its secret configuration.

/** One demo account. Your real store checks a password hash (argon2, scrypt or bcrypt). */
export function demoUsers() {
  const alice = { id: 'u_alice', email: 'alice@example.com', password: 'correct horse' };
  const pick = (u) => ({ id: u.id, email: u.email });
  return {
    check: async (email, password) =>
      email === alice.email && password === alice.password ? pick(alice) : null,
    byId: async (id) => (id === alice.id ? pick(alice) : null),
  };
}

/**
 * The sealing key from MFA_KEY (32 bytes, base64: `npx mfa-kit keygen` prints one). Without it, a
 * random key for this run only: enrollments and remembered devices end when the process does.
 */
export function keyringFromEnv(env = globalThis.process?.env ?? {}) {
  const key = env.MFA_KEY
    ? Uint8Array.from(atob(env.MFA_KEY), (c) => c.charCodeAt(0))
    : crypto.getRandomValues(new Uint8Array(32));
  if (key.length !== 32) throw new Error('MFA_KEY must be 32 bytes, base64-encoded');
  return { current: 'k1', keys: { k1: key } };
}
