import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Encode,
  buildOtpauthUri,
  InvalidOtpauthUriError,
  parseOtpauthUri,
} from '../../src/totp.js';
import { algorithmArb, ascii, digitsArb, secretArb } from '../helpers.js';

const secret = ascii('12345678901234567890');
const b32 = base32Encode(secret);

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidOtpauthUriError) return err.field;
    throw err;
  }
  return undefined;
}

describe('buildOtpauthUri', () => {
  it('writes the Key URI format: encoded label, issuer parameter, no padding, explicit parameters', () => {
    expect(buildOtpauthUri({ secret, issuer: 'Acme Co', account: 'alice@example.com' })).toBe(
      `otpauth://totp/Acme%20Co:alice%40example.com?secret=${b32}&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30`,
    );
    expect(
      buildOtpauthUri({
        type: 'hotp',
        secret,
        account: 'bob',
        counter: 5,
        algorithm: 'SHA512',
        digits: 8,
      }),
    ).toBe(`otpauth://hotp/bob?secret=${b32}&algorithm=SHA512&digits=8&counter=5`);
  });

  it('never writes + for a space', () => {
    const uri = buildOtpauthUri({ secret, issuer: 'A B+C', account: 'x y' });
    expect(uri).toContain('otpauth://totp/A%20B%2BC:x%20y?');
    expect(uri).not.toMatch(/\+/);
  });

  it("attack: a colon in a name moves the label split ({ account: 'a:b' } read back as issuer 'a')", () => {
    for (const [params, name] of [
      [{ account: 'a:b' }, 'params.account'],
      [{ account: 'alice', issuer: 'Acme: EU' }, 'params.issuer'],
      [{ account: 'bob%3Aeve:x' }, 'params.account'],
    ] as const) {
      expect(() => buildOtpauthUri({ secret, ...params })).toThrow(
        `${name} must be free of colons and of leading or trailing spaces`,
      );
    }
  });

  it("refuses names with leading or trailing spaces, which apps trim and so don't round-trip", () => {
    for (const account of [' alice', 'alice ', '\talice', 'alice\n']) {
      expect(() => buildOtpauthUri({ secret, account })).toThrow(/params\.account/);
    }
    expect(() => buildOtpauthUri({ secret, account: 'a', issuer: ' Acme' })).toThrow(
      /params\.issuer/,
    );
  });

  it('refuses inconsistent or missing parameters', () => {
    expect(() => buildOtpauthUri({ type: 'hotp', secret, account: 'a' })).toThrow(
      /params\.counter/,
    );
    expect(() => buildOtpauthUri({ secret, account: 'a', counter: 1 })).toThrow(/params\.counter/);
    expect(() => buildOtpauthUri({ secret, account: '' })).toThrow(/params\.account/);
    expect(() => buildOtpauthUri({ secret, account: 'a', issuer: '' })).toThrow(/params\.issuer/);
    expect(() => buildOtpauthUri({ secret, account: 'a', period: 0 })).toThrow(/params\.period/);
    expect(() => buildOtpauthUri({ secret: new Uint8Array(3), account: 'a' })).toThrow(/secret/);
  });
});

describe('parseOtpauthUri', () => {
  it('round-trips any issuer and account it accepts, with spaces, &, %, + and Unicode', () => {
    const name = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() === s && s.length > 0 && s.isWellFormed() && !s.includes(':'));
    fc.assert(
      fc.property(
        secretArb,
        name,
        fc.option(name, { nil: undefined }),
        algorithmArb,
        digitsArb,
        fc.integer({ min: 1, max: 120 }),
        (key, account, issuer, algorithm, digits, period) => {
          const params = {
            secret: key,
            account,
            algorithm,
            digits,
            period,
            ...(issuer ? { issuer } : {}),
          };
          const parsed = parseOtpauthUri(buildOtpauthUri(params));
          expect(parsed).toEqual({ type: 'totp', ...params });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips hotp counters up to 2^64 - 1', () => {
    const uri = buildOtpauthUri({ type: 'hotp', secret, account: 'a', counter: (1n << 64n) - 1n });
    expect(parseOtpauthUri(uri).counter).toBe((1n << 64n) - 1n);
  });

  it('is tolerant where real apps differ', () => {
    const lower = b32.toLowerCase();
    expect(parseOtpauthUri(`otpauth://totp/Acme:alice?secret=${lower}`)).toEqual({
      type: 'totp',
      secret,
      issuer: 'Acme',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(parseOtpauthUri(`OTPAUTH://TOTP/alice?secret=${b32}====&issuer=Acme+Co`)).toMatchObject({
      issuer: 'Acme Co',
      account: 'alice',
    });
    expect(
      parseOtpauthUri(`otpauth://totp/Acme%3Aalice%40x.io?secret=${b32}&issuer=Acme`),
    ).toMatchObject({
      issuer: 'Acme',
      account: 'alice@x.io',
    });
    expect(
      parseOtpauthUri(`otpauth://totp/Acme:%20alice?secret=${b32}&algorithm=sha256&foo=bar`),
    ).toMatchObject({
      account: 'alice',
      algorithm: 'SHA256',
    });
    expect(
      parseOtpauthUri(
        `otpauth://totp/Issuer%3A%20With%3AColon%3Abob?secret=${b32}&issuer=Issuer%3A%20With%3AColon`,
      ),
    ).toMatchObject({ issuer: 'Issuer: With:Colon', account: 'bob' });
  });

  it('is strict where it matters, naming the field', () => {
    const cases: [string, string][] = [
      [`https://totp/a?secret=${b32}`, 'scheme'],
      [`otpauth://motp/a?secret=${b32}`, 'type'],
      ['otpauth://totp/a?issuer=x', 'secret'],
      ['otpauth://totp/a?secret=', 'secret'],
      ['otpauth://totp/a?secret=NOT!BASE32', 'secret'],
      ['otpauth://totp/a?secret=JBSWY3DP', 'secret'], // 5 bytes: too short
      [`otpauth://hotp/a?secret=${b32}`, 'counter'],
      [`otpauth://hotp/a?secret=${b32}&counter=-1`, 'counter'],
      [`otpauth://hotp/a?secret=${b32}&counter=18446744073709551616`, 'counter'],
      [`otpauth://totp/a?secret=${b32}&digits=4`, 'digits'],
      [`otpauth://totp/a?secret=${b32}&digits=6.5`, 'digits'],
      [`otpauth://totp/a?secret=${b32}&period=0`, 'period'],
      [`otpauth://totp/a?secret=${b32}&period=121`, 'period'],
      [`otpauth://totp/a?secret=${b32}&algorithm=MD5`, 'algorithm'],
      [`otpauth://totp/a?secret=${b32}&secret=${b32}`, 'secret'],
      [`otpauth://totp/?secret=${b32}`, 'label'],
      [`otpauth://totp/Acme:?secret=${b32}`, 'label'],
      [`otpauth://totp/%E0%A4%A?secret=${b32}`, 'label'],
    ];
    for (const [uri, field] of cases)
      expect(
        fieldOf(() => parseOtpauthUri(uri)),
        uri,
      ).toBe(field);
  });

  it('reads URIs as real apps and services produce them', () => {
    // Google Authenticator's wiki example, GitHub, and an Authy-style label without issuer param.
    expect(
      parseOtpauthUri(
        'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example',
      ),
    ).toMatchObject({ issuer: 'Example', account: 'alice@google.com', digits: 6, period: 30 });
    expect(
      parseOtpauthUri(`otpauth://totp/GitHub:octocat?secret=${b32}&issuer=GitHub`),
    ).toMatchObject({ issuer: 'GitHub', account: 'octocat' });
    // AWS writes the account as name@account-id with an issuer that holds spaces.
    expect(
      parseOtpauthUri(
        `otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=${b32}&issuer=Amazon%20Web%20Services`,
      ),
    ).toMatchObject({
      issuer: 'Amazon Web Services',
      account: 'root-account-mfa-device@123456789012',
    });
  });

  it('attack: an issuer parameter holding a colon splits the label after the issuer, not inside it', () => {
    // The literal colon inside the issuer used to be taken as the separator: issuer 'Acme',
    // account ' EU:alice' (and codes filed under the wrong entry).
    expect(
      parseOtpauthUri(`otpauth://totp/Acme:%20EU:alice?secret=${b32}&issuer=Acme:%20EU`),
    ).toMatchObject({ issuer: 'Acme: EU', account: 'alice' });
    expect(
      parseOtpauthUri(`otpauth://totp/Acme%3A%20EU%3Aalice?secret=${b32}&issuer=Acme%3A%20EU`),
    ).toMatchObject({ issuer: 'Acme: EU', account: 'alice' });
    // A label that does not start with the issuer parameter still splits at its first colon.
    expect(
      parseOtpauthUri(`otpauth://totp/Old%20Name:alice?secret=${b32}&issuer=New:Name`),
    ).toMatchObject({ issuer: 'New:Name', account: 'alice' });
  });

  it('attack: encoder=steam (KeePassXC) is refused, not read as TOTP whose codes never match', () => {
    const steam = `otpauth://totp/Steam:gaben?secret=${b32}&period=30&digits=5&issuer=Steam&encoder=steam`;
    expect(fieldOf(() => parseOtpauthUri(steam))).toBe('encoder');
    expect(
      fieldOf(() => parseOtpauthUri(`otpauth://totp/Steam:gaben?secret=${b32}&encoder=steam`)),
    ).toBe('encoder');
    expect(parseOtpauthUri(`otpauth://totp/a?secret=${b32}&encoder=`).account).toBe('a');
  });

  it('a URI over the length limit is a bad URI (InvalidOtpauthUriError), not a bad argument', () => {
    const long = `otpauth://totp/a?secret=${b32}&x=${'y'.repeat(5000)}`;
    expect(fieldOf(() => parseOtpauthUri(long))).toBe('uri');
    expect(() => parseOtpauthUri(42 as never)).toThrow(/^uri must be a string$/);
  });

  it('never puts the secret in an error', () => {
    try {
      parseOtpauthUri(`otpauth://totp/a?secret=${b32}&digits=99`);
    } catch (err) {
      expect(`${String(err)} ${JSON.stringify(err)}`).not.toContain(b32);
    }
  });
});
