/** Where the experience API answers; empty: this page's origin (where the mock answers in development). */
export const experienceApiUrl = import.meta.env.VITE_EXPERIENCE_API_URL ?? '';

/** A status page on another origin, if the app has one. */
export const statusPageUrl = import.meta.env.VITE_STATUS_URL;
