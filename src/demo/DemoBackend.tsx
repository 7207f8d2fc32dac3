import { createContext, useContext } from 'react';
import type { DemoAccount, DemoTenant } from 'session-first/mocks';

/** What the demo talks to: the mock in this page (whose accounts it can show), or a real experience API. */
export type DemoBackend =
  | { kind: 'mock'; accounts: readonly DemoAccount[]; tenants: readonly DemoTenant[]; password: string }
  | { kind: 'api'; url: string };

const DemoBackendContext = createContext<DemoBackend | null>(null);

/** Gives the demo's pages the backend chosen at start-up. */
export const DemoBackendProvider = DemoBackendContext.Provider;

export function useDemoBackend(): DemoBackend {
  const backend = useContext(DemoBackendContext);
  if (!backend) throw new Error('useDemoBackend must be used inside <DemoBackendProvider>.');
  return backend;
}

/** People's and tenants' names where the demo knows them (the mock's seeded accounts), else their ids. */
export function useNames() {
  const backend = useDemoBackend();
  const accounts = backend.kind === 'mock' ? backend.accounts : [];
  const tenants = backend.kind === 'mock' ? backend.tenants : [];
  return {
    account: (userId: string): DemoAccount | undefined => accounts.find((account) => account.user_id === userId),
    userName: (userId: string): string => accounts.find((account) => account.user_id === userId)?.name ?? userId,
    tenantName: (tenantId: string): string => tenants.find((tenant) => tenant.tenant_id === tenantId)?.name ?? tenantId,
    /** The other people of a tenant the demo knows of. */
    colleaguesOf: (userId: string, tenantId: string): readonly DemoAccount[] =>
      accounts.filter((account) => account.tenant === tenantId && account.user_id !== userId),
  };
}
