/**
 * The preview's network: one MSW service worker per preview page, in front of the handlers of
 * each story that is loaded. A docs page renders several stories in one page at once, so every
 * story's client marks its requests with the story's id and the worker answers each with that
 * story's handlers; other requests (the story's own components, the admin API) go to the story
 * loaded last.
 */
import { getResponse, http, type RequestHandler } from 'msw';

const STORY_HEADER = 'x-session-first-story';

const routes = new Map<string, readonly RequestHandler[]>();
let latest: string | null = null;
let starting: Promise<void> | null = null;

const dispatch = http.all('*', ({ request }) => {
  const handlers = routes.get(request.headers.get(STORY_HEADER) ?? latest ?? '');
  // Nothing to answer with: the request goes on to the network.
  return handlers ? getResponse([...handlers], request) : undefined;
});

/**
 * Starts the worker once per page and resolves when it answers. A start that failed is tried
 * again by the next story.
 */
export function startStoryNetwork(serviceWorkerUrl: string): Promise<void> {
  starting ??= (async () => {
    const { setupWorker } = await import('msw/browser');
    await setupWorker(dispatch).start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: serviceWorkerUrl } });
  })().catch((error: unknown) => {
    starting = null;
    throw new Error(`session-first/storybook: the MSW service worker did not start from ${serviceWorkerUrl} (run \`npx msw init public --save\` and serve public/ with staticDirs)`, { cause: error });
  });
  return starting;
}

/** Answers the requests of story `id` with `handlers` from now on; it becomes the latest story. */
export function routeStory(id: string, handlers: readonly RequestHandler[]): void {
  routes.set(id, handlers);
  latest = id;
}

/** Stops answering for story `id`. */
export function forgetStory(id: string): void {
  routes.delete(id);
  if (latest === id) latest = null;
}

/** A `fetch` whose requests the worker answers with story `id`'s handlers. */
export function fetchOfStory(id: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set(STORY_HEADER, id);
    return fetch(request);
  };
}
