/**
 * The event a mock that runs in the page (MSW) dispatches on `window` after its request log
 * changed: the developer panel reads the log then, instead of asking for it over and over (which
 * filled the browser's network panel with `GET /__mock/requests`).
 */
export const REQUEST_LOG_EVENT = 'session-first:mock-request-log';
