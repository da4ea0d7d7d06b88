/**
 * The answer to a sign-in challenge, read from what a client posted (a JSON body, form fields),
 * where any field may be missing, repeated, an array or an object.
 */
import type { ChallengeAnswer } from '../service/challenge.js';

/** A parsed JSON body, `URLSearchParams` or `FormData`. */
export type PostedFields =
  | { get(name: string): unknown }
  | Readonly<Record<string, unknown>>
  | null
  | undefined;

/** What {@link readChallengeAnswer} found: the two arguments after the challenge id. */
export interface PostedAnswer {
  answer: ChallengeAnswer;
  /** `rememberDevice`: the box was ticked (`true`, or a form's `on`/`true`/`1`/`yes`). */
  options: { rememberDevice: boolean };
}

function field(fields: PostedFields, name: string, max: number): string | undefined {
  let value: unknown;
  try {
    const f = fields as { get?: unknown } & Record<string, unknown>;
    value =
      typeof f.get === 'function'
        ? (f.get as (n: string) => unknown)(name)
        : Object.hasOwn(f, name)
          ? f[name]
          : undefined;
  } catch {
    return undefined;
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > max ? undefined : trimmed;
}

/**
 * The challenge answer in posted fields `code` (with optional `factorId`) or `backupCode`
 * (which wins when both are filled), and `remember`; `undefined` when neither code is there, so
 * an empty submission is not counted as a wrong code. Never throws: only strings are taken
 * (over-long ones dropped), so `{ code: { $ne: 1 } }` or `code[]=1&code[]=2` is just no answer.
 *
 * @example
 * ```ts
 * import { readChallengeAnswer } from 'mfa-kit/web';
 *
 * export async function POST(request: Request) {
 *   const posted = readChallengeAnswer(await request.formData()); // or a parsed JSON body
 *   if (!posted) return new Response('Enter a code', { status: 400 });
 *   const r = await mfa.challenge.verify(challengeId, posted.answer, posted.options);
 * }
 * ```
 */
export function readChallengeAnswer(fields: PostedFields): PostedAnswer | undefined {
  if (fields === null || typeof fields !== 'object') return undefined;
  const remember = field(fields, 'remember', 8)?.toLowerCase();
  const rememberDevice = ['true', 'on', '1', 'yes'].includes(remember ?? '');
  const backupCode = field(fields, 'backupCode', 64);
  const options = { rememberDevice };
  if (backupCode !== undefined) return { answer: { backupCode }, options };
  const code = field(fields, 'code', 64);
  if (code === undefined) return undefined;
  const factorId = field(fields, 'factorId', 128);
  return { answer: factorId === undefined ? { code } : { code, factorId }, options };
}
