// What this app reads from the environment at build time (Vite's `import.meta.env`).
interface ImportMetaEnv {
  /** The experience API, e.g. `https://api.example.com`. Unset: this page's own origin. */
  readonly VITE_EXPERIENCE_API_URL?: string;
  /** A status page on another origin, shown on the account page when set. */
  readonly VITE_STATUS_URL?: string;
}
