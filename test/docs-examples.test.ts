// The examples in the README and in the TSDoc (`@example`, shown by editors and the API reference)
// are what users copy first, so they must compile against the real API. Each ```ts block is
// type-checked on its own against src/. Names the block leaves to the host app (a database pool,
// `checkPassword`, `key32`…) are allowed to be undeclared; they are typed `any`, but everything
// the example takes from mfa-kit is checked: imports, option names, argument types, and which
// fields of a result exist before it was checked for `ok`.
import { readdirSync, readFileSync } from 'node:fs';
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
  /** Where the block's first line is, as `file:line`. */
  where: string;
  /** Reports an error on line `n` (0-based) of the checked code as a place in the docs. */
  locate: (n: number) => string;
  file: string;
  code: string;
}

// `export {}` makes each block a module of its own, so top-level names do not collide.
function block(source: string, firstLine: number, prelude: string, code: string): Block {
  const where = `${source}:${firstLine}`;
  const preludeLines = prelude === '' ? 0 : 1;
  return {
    where,
    locate: (n) => `${source}:${firstLine + n - preludeLines}`,
    file: `${root}.examples/${where.replace(/[/:.]/g, '-')}.ts`,
    code: `${prelude}${code}\nexport {};\n`,
  };
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

const readmeBlocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) =>
  block('README.md', lineOf(readme, m.index) + 1, '', m[1]!),
);

// A TSDoc example reads as if in its module, seeing every public export (types too) unimported,
// unless it writes its own imports. Each name is imported from the subpath that declares it (the
// root does not re-export everything: phone parsing lives only in `mfa-kit/sms`), once.
const publicNames = (entry: string) =>
  [...readFileSync(`${root}src/${entry}`, 'utf8').matchAll(/export (type )?\{([^}]*)\}/g)]
    .flatMap(([, typeOnly = '', names]) => names!.split(',').map((n) => typeOnly + n.trim()))
    .filter((name) => !/^(type )?$/.test(name));
const preludeSubpaths = ['totp', 'backup-codes', 'sms', 'lockout', 'seal', 'service', 'testkit'];
const seen = new Set<string>();
const importOnce = (names: string[]) =>
  names.filter((n) => {
    const bare = n.replace(/^type /, '');
    if (seen.has(bare)) return false;
    seen.add(bare);
    return true;
  });
const tsdocPrelude = `${[
  ...preludeSubpaths.map(
    (sub) => [`mfa-kit/${sub}`, importOnce(publicNames(`${sub}.ts`))] as const,
  ),
  ['mfa-kit', importOnce(publicNames('index.ts'))] as const,
]
  .filter(([, names]) => names.length > 0)
  .map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`)
  .join(' ')}\n`;

const tsdocBlocks = readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.ts'))
  .flatMap((path) => {
    const source = readFileSync(`${root}src/${path}`, 'utf8');
    return [...source.matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((m) =>
      block(
        `src/${path}`,
        lineOf(source, m.index) + 2,
        /^\s*\* import /m.test(m[1]!) ? '' : tsdocPrelude,
        m[1]!.replace(/^\s*\* ?/gm, ''),
      ),
    );
  });

const blocks = [...readmeBlocks, ...tsdocBlocks];

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
  const byFile = new Map(blocks.map((b) => [b.file, b]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const example = byFile.get(d.file?.fileName ?? '');
    if (example === undefined) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const foreignModule = d.code === 2307 && !/'mfa-kit/.test(message);
    const name = /name '([^']+)'|property '([^']+)'/.exec(message)?.slice(1).find(Boolean);
    const hostName = HOST_APP_DIAGNOSTICS.has(d.code) && !ours.has(name ?? '');
    if (hostName || foreignModule) continue;
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    errors.get(example.file)!.push(`${example.locate(line)}: ${message}`);
  }
  return errors;
}

describe('documentation examples', () => {
  const errors = typeCheck();

  it('finds the examples to check', () => {
    expect(readmeBlocks.length).toBeGreaterThanOrEqual(8);
    expect(tsdocBlocks.length).toBeGreaterThanOrEqual(50);
  });

  it.each(blocks)('the example at $where compiles against the API', ({ file }) => {
    expect(errors.get(file)).toEqual([]);
  });
});
