/// <reference types="vite/client" />

interface ImportMetaEnv {
  /**
   * The experience API the demo talks to, e.g. `https://api.example.com`. Unset: the demo runs on
   * the mock backend in a service worker.
   */
  readonly VITE_EXPERIENCE_API_URL?: string;
}
