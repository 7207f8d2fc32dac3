import { useEffect } from 'react';

/** Names the page in the browser tab and for screen readers. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · session-first demo`;
  }, [title]);
}
