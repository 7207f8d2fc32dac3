/**
 * Per-story MSW overrides (`parameters.msw`), put in front of the mock backend's handlers.
 * A resolver that returns nothing hands the request on to the mock, so `slowed` only adds time.
 */
import { delay, http } from 'msw';
import { apiRoutes } from '../../mocks/index.ts';

type Endpoint = keyof typeof apiRoutes;

const methods = {
  createAnonymous: http.post,
  session: http.get,
  upgrade: http.patch,
  logout: http.post,
  login: http.post,
} as const satisfies Record<Endpoint, typeof http.post>;

/** The endpoint never answers: the request stays in flight for as long as the story is open. */
export const held = (endpoint: Endpoint) =>
  methods[endpoint](apiRoutes[endpoint], async () => {
    await delay('infinite');
  });

/** The endpoint answers as the mock does, `ms` later than usual. */
export const slowed = (endpoint: Endpoint, ms: number) =>
  methods[endpoint](apiRoutes[endpoint], async () => {
    await delay(ms);
  });
