// Types for ./chromium.mjs, so the TypeScript configs can import it.
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] };
