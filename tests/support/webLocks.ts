/**
 * Web Locks for tests in Node/jsdom, which have none: `navigator.locks.request(name, callback)`
 * grants each name to one holder at a time, in the order asked, for all "tabs" of the test
 * process, and releases it when the callback's promise settles.
 */
type Grant = () => void;

export function installWebLocks(): () => void {
  const queues = new Map<string, Grant[]>();
  const held = new Set<string>();
  const next = (name: string) => {
    const grant = queues.get(name)?.shift();
    if (grant) grant();
    else held.delete(name);
  };
  const locks = {
    request(name: string, callback: () => unknown): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const grant = () => {
          held.add(name);
          Promise.resolve()
            .then(callback)
            .then(resolve, reject)
            .finally(() => next(name));
        };
        if (held.has(name)) queues.set(name, [...(queues.get(name) ?? []), grant]);
        else grant();
      });
    },
  };
  // Node 20 has no `navigator` at all: then the tests get one that holds only the locks.
  const ownNavigator = globalThis.navigator === undefined;
  if (ownNavigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  const navigator = globalThis.navigator as Navigator & { locks?: unknown };
  const before = Object.getOwnPropertyDescriptor(navigator, 'locks');
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
  return () => {
    if (ownNavigator) delete (globalThis as { navigator?: unknown }).navigator;
    else if (before) Object.defineProperty(navigator, 'locks', before);
    else delete (navigator as { locks?: unknown }).locks;
  };
}
