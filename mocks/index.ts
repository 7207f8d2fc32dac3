/**
 * The mock experience API (`session-first/mocks`): a backend factory, a ready default instance,
 * its MSW handlers, the admin API, the scenarios and the seeded demo accounts, and the HTTP
 * server. `session-first/mocks/browser` and `session-first/mocks/node` put it behind MSW.
 */
export { createMockBackend, type MockBackend } from './createMockBackend.ts';
export { mockBackend } from './mockBackend.ts';
export { handlers } from './handlers.ts';
export type { HandleContext, MockBackendOptions, MockCore, MockSessionDetails, SeededSession } from './core/createMockCore.ts';
export { createMockHandlers } from './handlers/createMockHandlers.ts';
export { apiRoutes } from './handlers/apiRoutes.ts';
export type { RequestFilter, RequestLog } from './core/requestLog.ts';
export type { MockSession, MockState, RequestLogEntry, ScenarioInfo, ScenarioName } from './mockApiTypes.ts';
export { scenarios, isScenarioName } from './scenarios.ts';
export { defaultMockSettings, MAX_LATENCY_MS, type MockSettings } from './settings.ts';
export { accounts, tenants, DEMO_PASSWORD, type DemoAccount, type DemoTenant } from './accounts.ts';
export { inProcessLock, webLock, type MockLock } from './state/snapshotLock.ts';
export { SNAPSHOT_STORAGE_KEY } from './state/mockSnapshot.ts';
export type { StorageLike } from '../src/core/storage.ts';
export { startMockServer, type MockServer, type MockServerOptions } from './server/startMockServer.ts';
