import { useEffect, useMemo, useState } from 'react';
import type { MockState } from '../../mocks/mockApiTypes.ts';
import { useSessionActor } from '../react/context.ts';
import { createMockAdmin, probeMock, type MockAdmin } from './mockAdmin.ts';

/** The backend the session's client talks to, as the panel found it. */
export type Backend = {
  /** Where the experience API is: the client's `baseUrl`, or this page's origin. */
  address: string;
  /** The origin of the API's requests. */
  origin: string;
} & (
  | { kind: 'checking' }
  /** A mock that runs in this page answers the admin API at the address. */
  | { kind: 'mock'; admin: MockAdmin; state: MockState }
  /** Anything else: a real experience API, a mock behind an HTTP server, or nothing at all. */
  | { kind: 'api' }
);

/** Asks `${baseUrl}/__mock/state` once per mount whether a mock that runs in this page answers at the client's address. */
export function useBackend(): Backend {
  const actor = useSessionActor('SessionDevtools');
  const { baseUrl = '', fetch: clientFetch } = actor.getSnapshot().context.client.options;
  const where = useMemo(() => {
    const origin = new URL(baseUrl || '/', location.href).origin;
    return { address: baseUrl || origin, origin };
  }, [baseUrl]);
  const admin = useMemo(() => createMockAdmin(baseUrl, clientFetch), [baseUrl, clientFetch]);
  const [found, setFound] = useState<MockState | null | undefined>(undefined);

  useEffect(() => {
    let mounted = true;
    void probeMock(admin).then((state) => {
      if (mounted) setFound(state);
    });
    return () => {
      mounted = false;
    };
  }, [admin]);

  if (found === undefined) return { ...where, kind: 'checking' };
  return found ? { ...where, kind: 'mock', admin, state: found } : { ...where, kind: 'api' };
}
