/**
 * A header on the admin API's answers when the mock runs in the page itself (MSW, in a service
 * worker or in Node), not behind an HTTP server: the developer panel offers the mock's controls
 * only then (SPEC §5).
 */
export const IN_PAGE_HEADER = 'X-Session-First-Mock';
export const IN_PAGE_VALUE = 'in-page';
