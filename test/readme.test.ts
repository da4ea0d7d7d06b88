// The README's TypeScript examples are what users copy first, so they must compile against the
// real API. Each ```ts block is type-checked on its own against src/. Names the block leaves to
// the host app (a database pool, `checkPassword`, `key32`…) are allowed to be undeclared; they are
// typed `any`, but everything the example takes from mfa-kit is checked: imports, option names,
// argument types, and which fields of a result exist before it was checked for `ok`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

/** Names left to the host app, so not the README's business (unless mfa-kit exports them). */
const HOST_APP_DIAGNOSTICS = new Set([
  2304, // Cannot find name 'pool'.
  2552, // Cannot find name 'users'. Did you mean …?
  18004, // No value exists in scope for the shorthand property 'pepper'.
  7016, // Could not find a declaration file for module 'express'.
]);

interface Block {
  line: number;
  file: string;
  code: string;
}

const blocks: Block[] = [...readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => {
  const line = readme.slice(0, match.index).split('\n').length + 1;
  // `export {}` makes each block a module of its own, so top-level names do not collide.
  return { line, file: `${root}.readme/line-${line}.ts`, code: `${match[1]}\nexport {};\n` };
});

function typeCheck(): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noImplicitAny: false, // handler parameters of an untyped framework
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    baseUrl: root,
    paths: { 'mfa-kit': ['src/index.ts'], 'mfa-kit/*': ['src/*.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const sources = new Map(blocks.map((b) => [b.file, b.code]));
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const code = sources.get(file);
    return code === undefined
      ? getSourceFile(file, language, ...rest)
      : ts.createSourceFile(file, code, language);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  // A block that uses an mfa-kit export without importing it would silently go unchecked.
  const index = program.getSourceFile(`${root}src/index.ts`)!;
  const checker = program.getTypeChecker();
  const ours = new Set(
    checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).map((e) => e.name),
  );
  const errors = new Map<string, string[]>(blocks.map((b) => [b.file, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName;
    if (file === undefined || !errors.has(file)) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const foreignModule = d.code === 2307 && !/'mfa-kit/.test(message);
    const name = /name '([^']+)'|property '([^']+)'/.exec(message)?.slice(1).find(Boolean);
    const hostName = HOST_APP_DIAGNOSTICS.has(d.code) && !ours.has(name ?? '');
    if (hostName || foreignModule) continue;
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    errors.get(file)!.push(`line ${line + 1} of the block: ${message}`);
  }
  return errors;
}

describe('README examples', () => {
  const errors = typeCheck();

  it('has TypeScript examples to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  it.each(blocks)('the example at README line $line compiles against the API', ({ file }) => {
    expect(errors.get(file)).toEqual([]);
  });
});
