/** A service wired for tests: a controllable clock, an SMS outbox, an event log, a counting store. */

import {
  createMfa,
  type MfaEvent,
  type MfaOptions,
  type MfaStore,
  memoryStore,
  type SmsMessage,
} from '../../src/service.js';
import { base32Decode, generateTotp } from '../../src/totp.js';

export const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Counts {
  load: number;
  save: number;
}

/** Wraps a store to count round trips. */
export function countingStore(inner: MfaStore): MfaStore & { counts: Counts; reset(): void } {
  const counts = { load: 0, save: 0 };
  return {
    counts,
    reset() {
      counts.load = 0;
      counts.save = 0;
    },
    load(userId) {
      counts.load++;
      return inner.load(userId);
    },
    save(userId, doc, expected) {
      counts.save++;
      return inner.save(userId, doc, expected);
    },
    ...(inner.delete ? { delete: (userId: string) => inner.delete!(userId) } : {}),
  };
}

/**
 * Wraps a store so every call takes 1–5 ms (uniformly random), as a database round trip over a
 * network does: racing calls then really overlap, as they do in production.
 */
export function latencyStore(inner: MfaStore, minMs = 1, maxMs = 5): MfaStore {
  const pause = () =>
    new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)));
  return {
    async load(userId) {
      await pause();
      return inner.load(userId);
    },
    async save(userId, doc, expected) {
      await pause();
      return inner.save(userId, doc, expected);
    },
  };
}

/** `smsRules` adjusts the SMS options while keeping the capturing sender. */
export function harness(
  overrides: Partial<MfaOptions> = {},
  smsRules: Partial<NonNullable<MfaOptions['sms']>> = {},
) {
  let now = T0;
  const outbox: SmsMessage[] = [];
  const events: MfaEvent[] = [];
  const inner = memoryStore();
  const store = countingStore(inner);
  const keyring = { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 7) } };
  const mfa = createMfa({
    store,
    keyring,
    issuer: 'Acme',
    now: () => now,
    onEvent: (e) => {
      events.push(e);
    },
    sms: { sender: { send: async (m) => void outbox.push(m) }, defaultCountry: 'US', ...smsRules },
    backupCodes: { cost: { N: 1024, r: 8, p: 1 } }, // the default cost is for production, not tests
    policy: { enforcement: 'optional' },
    ...overrides,
  });
  return {
    mfa,
    store,
    inner,
    outbox,
    events,
    keyring,
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
    /** The code the user's authenticator app shows now for a secret from totp.begin. */
    code(secretBase32: string, at = now) {
      return generateTotp(base32Decode(secretBase32), { now: at });
    },
    lastSms() {
      return outbox.at(-1)!.code;
    },
  };
}

export type Harness = ReturnType<typeof harness>;

/** Enrolls an authenticator app for `userId` and returns its secret and backup codes. */
export async function enrollTotp(h: Harness, userId: string) {
  const begun = await h.mfa.totp.begin(userId, {
    accountName: `${userId}@example.com`,
    authenticatedAt: h.now,
  });
  if (!begun.ok) throw new Error(`begin failed: ${begun.error.code}`);
  const confirmed = await h.mfa.totp.confirm(userId, begun.factorId, h.code(begun.secret));
  if (!confirmed.ok) throw new Error(`confirm failed: ${confirmed.error.code}`);
  h.advance(30_000); // the confirming code is spent; move to the next step
  return {
    factorId: begun.factorId,
    secret: begun.secret,
    backupCodes: confirmed.backupCodes ?? [],
  };
}

/** Starts a sign-in challenge that must be required. */
export async function challengeFor(h: Harness, userId: string, deviceToken?: string) {
  const started = await h.mfa.challenge.start(userId, deviceToken ? { deviceToken } : {});
  if (!('required' in started) || !started.required)
    throw new Error(`expected a challenge, got ${JSON.stringify(started)}`);
  return started;
}
