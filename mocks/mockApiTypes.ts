/** The mock backend's own API types (the `mock-admin` operations of src/api/openapi.yaml). */
import type { components } from '../src/api/schema.gen.ts';

type Schemas = components['schemas'];

/** A backend scenario of SPEC §4, e.g. `flaky` or `offline`. */
export type ScenarioName = Schemas['MockScenarioName'];
/** A scenario and what it does, for a select in the demo or a Storybook toolbar. */
export type ScenarioInfo = Schemas['MockScenarioInfo'];
/** A session as the admin API lists it: no token, times as ISO 8601. */
export type MockSession = Schemas['MockSession'];
/** `GET /__mock/state`: scenario, latency and clock offset in effect, and the scenarios to choose from. */
export type MockState = Schemas['MockState'];
/** One request the backend answered (`GET /__mock/requests`). */
export type RequestLogEntry = Schemas['MockRequestLogEntry'];
/** `POST /__mock/sessions`: a seeded session's id and its token. */
export type MockSeededSession = Schemas['MockSeededSession'];
