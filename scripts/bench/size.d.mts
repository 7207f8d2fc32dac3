// Types for ./size.mjs, so TypeScript tests can import it.
export declare const BUDGET_BYTES: number;
export declare const CEILING_BYTES: number;
export declare const SIZE_EXTERNALS: string[];
export declare const CORE: string;
export declare const REACT: string;
export interface BundleSize {
  minified: number;
  gzip: number;
  code: string;
}
export declare function measureBundle(options: { files: string[]; external: string[] }): Promise<BundleSize>;
export declare function librarySize(): Promise<{ minified: number; gzip: number; budget: number }>;
export interface SizeRow {
  id: 'core' | 'react' | 'library' | 'total';
  label: string;
  external: string[];
  minified: number;
  gzip: number;
}
export declare function measureSizes(): Promise<SizeRow[]>;
