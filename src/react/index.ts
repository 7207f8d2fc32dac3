export { PlatformStateProvider, type PlatformStateProviderProps } from './PlatformStateProvider.tsx';
export { AuthProvider, useAuth, type AuthState } from './AuthProvider.tsx';
export { RequireAuth, RedirectIfAuthenticated, type RequireAuthProps } from './RequireAuth.tsx';
export { useAuthenticatedFetch, useSession, useSessionSelector, type SessionState } from './useSession.ts';
