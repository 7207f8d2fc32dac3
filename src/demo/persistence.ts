import type { Persistence } from 'session-first';

/** Where the demo remembers the persistence picked in the developer panel. */
const KEY = 'session-first-demo:persistence';
const QUERY = 'persistence';

/** `tab` or `browser`. */
export const isPersistence = (value: string | null): value is Persistence => value === 'tab' || value === 'browser';

function remember(persistence: Persistence): void {
  try {
    localStorage.setItem(KEY, persistence);
  } catch {
    // No storage: the choice lasts for this page load only.
  }
}

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/**
 * The session persistence for this page load: `?persistence=tab|browser` in the URL (then
 * remembered), else the one picked earlier, else `tab`. Read before the session actor starts.
 */
export function readPersistence(): Persistence {
  const asked = new URLSearchParams(location.search).get(QUERY);
  if (isPersistence(asked)) {
    remember(asked);
    return asked;
  }
  const stored = remembered();
  return isPersistence(stored) ? stored : 'tab';
}

/** Switches persistence: remembers it and loads the page again (without a `?persistence=` that would override it). */
export function choosePersistence(persistence: Persistence): void {
  remember(persistence);
  const url = new URL(location.href);
  url.searchParams.delete(QUERY);
  location.replace(url);
}
