// Writes src/cli/checkBackend/openapiDocument.gen.ts: the OpenAPI document as a TypeScript
// constant, so check-backend validates answers against it with no YAML parser at run time.
// `npm run gen:types` runs it; a test fails when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const OPENAPI_SOURCE = fileURLToPath(new URL('../src/api/openapi.yaml', import.meta.url));
export const OPENAPI_MODULE = fileURLToPath(new URL('../src/cli/checkBackend/openapiDocument.gen.ts', import.meta.url));

/** The module's text for a YAML document. */
export function renderOpenApiModule(yamlText) {
  const document = parse(yamlText);
  return [
    '// Generated from src/api/openapi.yaml by scripts/gen-openapi-document.mjs (npm run gen:types). Do not edit.',
    "import type { JsonObject } from './jsonSchema.ts';",
    '',
    `export const openApiDocument: JsonObject = ${JSON.stringify(document, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_MODULE, renderOpenApiModule(readFileSync(OPENAPI_SOURCE, 'utf8')));
  console.log('wrote src/cli/checkBackend/openapiDocument.gen.ts');
}
