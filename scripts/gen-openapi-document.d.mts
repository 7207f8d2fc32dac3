// Types for ./gen-openapi-document.mjs, so the tests can import it.
export declare const OPENAPI_SOURCE: string;
export declare const OPENAPI_MODULE: string;
export declare function renderOpenApiModule(yamlText: string): string;
