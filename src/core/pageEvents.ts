import { fromCallback } from 'xstate';

/**
 * The moments a page comes back to life (its tab becomes visible, the browser goes online) and the
 * moment it goes away (`pagehide`: the tab is closed or reloaded, or the app left).
 */
export type PageEvent = { type: 'page.visible' } | { type: 'page.online' } | { type: 'page.leaving' };

/** Reports {@link PageEvent}s; in an environment without a document it reports nothing. */
export const pageEvents = fromCallback(({ sendBack }) => {
  if (typeof document === 'undefined' || typeof addEventListener !== 'function') return;
  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') sendBack({ type: 'page.visible' } satisfies PageEvent);
  };
  const onOnline = () => sendBack({ type: 'page.online' } satisfies PageEvent);
  const onPageHide = () => sendBack({ type: 'page.leaving' } satisfies PageEvent);
  document.addEventListener('visibilitychange', onVisibilityChange);
  addEventListener('online', onOnline);
  addEventListener('pagehide', onPageHide);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    removeEventListener('online', onOnline);
    removeEventListener('pagehide', onPageHide);
  };
});
