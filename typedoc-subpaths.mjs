// TypeDoc plugin: names each module after the import path users type (`mfa-kit/totp`,
// `mfa-kit/stores/redis`, and `mfa-kit` for src/index.ts) instead of its file name, so the API
// pages read like the imports in the README.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      if (module.name.startsWith('mfa-kit')) continue;
      module.name = module.name === 'index' ? 'mfa-kit' : `mfa-kit/${module.name}`;
    }
  });
}
