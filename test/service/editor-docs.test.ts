/**
 * What an editor shows: hovering a service method must show its documentation and parameters named
 * for users. Asked of the TypeScript language service, as VS Code asks it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const file = path.join(root, 'test/service/__hover__.ts');
const source = `import { createMfa, memoryStore, parseKeyring } from '../../src/index.js';
const mfa = createMfa({ store: memoryStore(), keyring: parseKeyring(''), issuer: 'Acme' });
void mfa.challenge.verify;
void mfa.challenge.start;
void mfa.totp.begin;
void mfa.status;
void mfa.webauthn.confirm;
void mfa.devices.revokeAll;
`;

function languageService() {
  const config = ts.parseJsonConfigFileContent(
    JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')),
    ts.sys,
    root,
  );
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = name === file ? source : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

function hover(service: ts.LanguageService, expression: string) {
  const at = source.indexOf(expression) + expression.length - 1;
  const info = service.getQuickInfoAtPosition(file, at);
  return {
    signature: ts.displayPartsToString(info?.displayParts),
    doc: ts.displayPartsToString(info?.documentation),
    example: (info?.tags ?? []).some((t) => t.name === 'example'),
  };
}

describe('the service in an editor', () => {
  const service = languageService();

  it.each([
    ['mfa.challenge.verify', 'Answers the challenge', ['challengeId', 'answer']],
    ['mfa.challenge.start', 'whether a second factor is needed', ['userId']],
    ['mfa.totp.begin', 'Starts adding an app', ['userId', 'opts']],
    ['mfa.status', "The user's MFA situation", ['userId']],
    ['mfa.webauthn.confirm', "browser's `credential.toJSON()`", ['factorId', 'response']],
    ['mfa.devices.revokeAll', 'sign out everywhere', ['userId']],
  ])(
    'hovering %s shows its doc, an example and parameters named for users',
    (expr, doc, params) => {
      const shown = hover(service, expr);
      expect(shown.doc).toContain(doc);
      expect(shown.example).toBe(true);
      for (const p of params) expect(shown.signature).toContain(`${p}:`);
      expect(shown.signature).not.toMatch(/In:/); // no internal names such as userIdIn
    },
  );
});
