import { resetClock } from './clock.ts';
import { resetMockConfig } from './config.ts';
import { detectBrowserStorage, getPersistentStorage, setPersistentStorage } from './persistence.ts';
import { requestLog } from './requestLog.ts';
import { resetScenario } from './scenarios.ts';
import { resetStore } from './store.ts';

function resetState(): void {
  resetStore();
  resetScenario();
  requestLog.clear();
  resetClock();
  resetMockConfig();
}

/**
 * Puts the whole mock backend back to its initial state: empty store (seeded users stay),
 * `default` scenario, empty request log, real clock, default config (latency 0), and their
 * persisted copies cleared. A storage injected with `setPersistentStorage` is cleared too and
 * replaced by the default one. Tests call it between tests; `server.resetHandlers()` is separate.
 */
export function resetMock(): void {
  resetState();
  if (getPersistentStorage() !== detectBrowserStorage()) {
    setPersistentStorage(undefined);
    resetState();
  }
}
