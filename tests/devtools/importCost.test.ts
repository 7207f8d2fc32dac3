/**
 * SPEC §6: what the developer panel weighs never reaches an app that does not import
 * `session-first/devtools`. Bundled as the size check bundles the library (scripts/bench/size.mjs).
 */
import { expect, test } from 'vitest';
import { CORE, measureBundle, REACT, SIZE_EXTERNALS } from '../../scripts/bench/size.mjs';

test('core and React bindings hold none of the developer panel; its own entry does', async () => {
  const library = await measureBundle({ files: [CORE, REACT], external: SIZE_EXTERNALS });
  const devtools = await measureBundle({ files: ['src/devtools/index.ts'], external: SIZE_EXTERNALS });
  for (const marker of ['.sf-devtools-panel', 'Developer panel', '__mock/']) {
    expect(devtools.code).toContain(marker);
    expect(library.code).not.toContain(marker);
  }
}, 30_000);
