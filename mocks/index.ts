/**
 * The mock experience API, without the MSW transport: import `worker` from './browser.ts'
 * or `server` from './node.ts' for that.
 */
export { accounts, tenants, DEMO_PASSWORD, type DemoAccount, type DemoTenant } from './accounts.ts';
export { now, setClock, advanceClock, resetClock } from './clock.ts';
export {
  apiRoutes,
  defaultMockConfig,
  mockConfig,
  setMockConfig,
  setLatency,
  resetMockConfig,
  type MockConfig,
} from './config.ts';
export { handlers } from './handlers/index.ts';
export {
  detectBrowserStorage,
  getPersistentStorage,
  setPersistentStorage,
  type StorageLike,
} from './persistence.ts';
export { requestLog, countRequests, type RequestLogEntry, type RequestFilter } from './requestLog.ts';
export { resetMock } from './resetMock.ts';
export {
  scenarios,
  getScenario,
  setScenario,
  resetScenario,
  isScenarioName,
  type ScenarioInfo,
  type ScenarioName,
} from './scenarios.ts';
export {
  store,
  resetStore,
  STORE_STORAGE_KEY,
  type StoredSession,
  type StoredAccessToken,
  type CreatedSession,
  type UpgradeChanges,
} from './store.ts';
