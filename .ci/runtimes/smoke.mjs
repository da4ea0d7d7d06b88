// The one smoke test every runtime of the matrix runs, against the installed tarball. It uses only
// what every JavaScript runtime has (no Node APIs), so the same text runs in Node, Bun, Deno,
// workerd, edge-runtime, Chromium and Jest. run.mjs pastes it into each runtime's entry file after
// the runtime's own way of loading the package (import or require) and calls
// `smoke({ mfa, totp, seal, backup, service })`. It throws on the first wrong answer, naming it.

export async function smoke({ mfa, totp, seal, backup, service }) {
  const enc = new TextEncoder();
  const check = (name, actual, expected) => {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) throw new Error(`${name}: got ${a}, expected ${e}`);
  };
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

  // RFC 4226, appendix D: HOTP of the 20-byte ASCII key for counters 0..9.
  const key20 = enc.encode('12345678901234567890');
  check(
    'RFC 4226 HOTP',
    Array.from({ length: 10 }, (_, i) => totp.generateHotp(key20, i)),
    [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ],
  );
  const ahead = totp.verifyHotp(key20, '162583', { counter: 5, lookAhead: 3 });
  check('RFC 4226 verifyHotp counter', ahead.ok && ahead.counter === 7n, true);
  check(
    'verifyHotp beyond look-ahead',
    totp.verifyHotp(key20, '520489', { counter: 0, lookAhead: 3 }).ok,
    false,
  );

  // RFC 6238, appendix B: 8-digit TOTP with the SHA-1, SHA-256 and SHA-512 keys.
  const keys = {
    SHA1: key20,
    SHA256: enc.encode('12345678901234567890123456789012'),
    SHA512: enc.encode('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const table = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [seconds, ...codes] of table) {
    const got = ['SHA1', 'SHA256', 'SHA512'].map((algorithm) =>
      totp.generateTotp(keys[algorithm], { now: seconds * 1000, algorithm, digits: 8 }),
    );
    check(`RFC 6238 TOTP at T=${seconds}`, got, codes);
  }
  const at = 1_700_000_000_000;
  const code = totp.generateTotp(key20, { now: at - 30_000 });
  const verified = totp.verifyTotp(key20, code, { now: at });
  check('verifyTotp one step late', verified.ok && verified.delta, -1);
  check(
    'verifyTotp refuses a used step',
    totp.verifyTotp(key20, code, { now: at, afterStep: verified.step }).ok,
    false,
  );

  // RFC 4648, section 10 (base32 without padding), and the lenient decoder.
  const words = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'];
  check(
    'RFC 4648 base32Encode',
    words.map((w) => mfa.base32Encode(enc.encode(w))),
    ['', 'MY', 'MZXQ', 'MZXW6', 'MZXW6YQ', 'MZXW6YTB', 'MZXW6YTBOI'],
  );
  check(
    'base32Decode lenient',
    new TextDecoder().decode(mfa.base32Decode('mzxw 6ytb-oi======')),
    'foobar',
  );

  // otpauth URIs: Google Authenticator's key-URI format, both ways.
  const uriKey = mfa.base32Decode('JBSWY3DPEHPK3PXP');
  const uri = totp.buildOtpauthUri({
    secret: uriKey,
    issuer: 'ACME Co',
    account: 'jane@example.com',
  });
  check(
    'buildOtpauthUri',
    [
      uri.startsWith('otpauth://totp/ACME%20Co:jane%40example.com?'),
      uri.includes('secret=JBSWY3DPEHPK3PXP'),
      uri.includes('issuer=ACME%20Co'),
    ],
    [true, true, true],
  );
  const parsed = totp.parseOtpauthUri(
    'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
  );
  check(
    'parseOtpauthUri',
    [
      parsed.type,
      parsed.issuer,
      parsed.account,
      parsed.algorithm,
      parsed.digits,
      parsed.period,
      mfa.base32Encode(parsed.secret),
    ],
    ['totp', 'ACME Co', 'john.doe@email.com', 'SHA1', 6, 30, 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ'],
  );

  // Backup codes: ten codes, hashed with scrypt, each usable once.
  const codes = backup.generateBackupCodes();
  check('generateBackupCodes count', [codes.length, new Set(codes).size], [10, 10]);
  const set = await backup.hashBackupCodesAsync(codes);
  const used = await backup.verifyBackupCodeAsync(set, codes[3]);
  check('verifyBackupCodeAsync right code', [used.ok, used.ok && used.remaining], [true, 9]);
  check(
    'verifyBackupCodeAsync spent code',
    (await backup.verifyBackupCodeAsync(used.set, codes[3])).ok,
    false,
  );
  check('backupCodesRemaining', backup.backupCodesRemaining(used.set), 9);

  // Sealing: XChaCha20-Poly1305 under a keyring, bound to a context.
  const keyring = { current: 'k1', keys: { k1: mfa.randomBytes(32) } };
  const sealed = seal.sealSecret(key20, { keyring, context: 'user:1' });
  check(
    'openSecret round trip',
    hex(seal.openSecret(sealed, { keyring, context: 'user:1' })),
    hex(key20),
  );
  let refused = '';
  try {
    seal.openSecret(sealed, { keyring, context: 'user:2' });
  } catch (err) {
    refused = err instanceof seal.SealedSecretError ? 'SealedSecretError' : String(err);
  }
  check('openSecret other context', refused, 'SealedSecretError');
  // The same bytes on every runtime, whichever cipher it runs (OpenSSL on Node, noble elsewhere):
  // a value sealed on one opens on any other.
  const fixed = { keyring: { current: 'k1', keys: { k1: new Uint8Array(32).fill(3) } } };
  const known =
    'v2.k1.CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJSovLCGG9MU-gN2OL5N0dW2AhxMP3lww2jA5uC4tc6iptsevD';
  check(
    'sealSecret known answer',
    seal.sealSecret(key20, {
      ...fixed,
      context: ['user:1', 'f_1'],
      randomBytes: (n) => new Uint8Array(n).fill(9),
    }),
    known,
  );
  check(
    'openSecret known answer',
    hex(seal.openSecret(known, { ...fixed, context: ['user:1', 'f_1'] })),
    hex(key20),
  );

  // The service: TOTP enrollment, then sign-ins by code, remembered device and backup code, on a
  // fake clock and the memory store.
  let clock = Date.UTC(2026, 0, 1, 12);
  const app = service.createMfa({
    store: service.memoryStore(),
    keyring,
    issuer: 'Smoke',
    now: () => clock,
  });
  const begun = await app.totp.begin('alice', {
    accountName: 'alice@example.com',
    authenticatedAt: clock,
  });
  check('totp.begin', begun.ok, true);
  const secret = mfa.base32Decode(begun.secret);
  check('totp.begin URI carries the key', hex(totp.parseOtpauthUri(begun.uri).secret), hex(secret));
  const confirmed = await app.totp.confirm(
    'alice',
    begun.factorId,
    totp.generateTotp(secret, { now: clock }),
  );
  check('totp.confirm', [confirmed.ok, confirmed.ok && confirmed.backupCodes.length], [true, 10]);
  check('status after enrollment', (await app.status('alice')).enrolled, true);

  clock += 5 * 60_000;
  const start = async (opts) => {
    const started = await app.challenge.start('alice', opts);
    if (!started.ok) throw new Error(`challenge.start failed: ${started.error.code}`);
    return started;
  };
  const first = await start();
  check('challenge.start', first.required, true);
  const right = totp.generateTotp(secret, { now: clock });
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  const miss = await app.challenge.verify(first.challengeId, { code: wrong });
  check(
    'challenge.verify wrong code',
    [miss.ok, !miss.ok && miss.error.code],
    [false, 'invalid_code'],
  );
  const hit = await app.challenge.verify(
    first.challengeId,
    { code: right },
    { rememberDevice: true },
  );
  check('challenge.verify right code', [hit.ok, hit.ok && hit.userId], [true, 'alice']);
  const replay = await app.challenge.verify((await start()).challengeId, { code: right });
  check('challenge.verify replayed code', replay.ok, false);
  check(
    'challenge.start remembered device',
    (await start({ deviceToken: hit.deviceToken })).required,
    false,
  );
  const byBackup = await app.challenge.verify((await start()).challengeId, {
    backupCode: confirmed.backupCodes[0],
  });
  check(
    'challenge.verify backup code',
    [byBackup.ok, byBackup.ok && byBackup.backupCodesRemaining],
    [true, 9],
  );
  const again = await app.challenge.verify((await start()).challengeId, {
    backupCode: confirmed.backupCodes[0],
  });
  check('challenge.verify spent backup code', again.ok, false);
  return 'ok';
}
