import { fromCallback } from 'xstate';

/** The moments a page comes back to life: its tab becomes visible, or the browser goes online. */
export type PageEvent = { type: 'page.visible' } | { type: 'page.online' };

/** Reports {@link PageEvent}s; in an environment without a document it reports nothing. */
export const pageEvents = fromCallback(({ sendBack }) => {
  if (typeof document === 'undefined' || typeof addEventListener !== 'function') return;
  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') sendBack({ type: 'page.visible' } satisfies PageEvent);
  };
  const onOnline = () => sendBack({ type: 'page.online' } satisfies PageEvent);
  document.addEventListener('visibilitychange', onVisibilityChange);
  addEventListener('online', onOnline);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    removeEventListener('online', onOnline);
  };
});
