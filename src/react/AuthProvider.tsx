import { shallowEqual, useSelector } from '@xstate/react';
import { createContext, useContext, type ReactNode } from 'react';
import type { LoginRequest } from '../api/types.ts';
import type { SessionError } from '../core/errors.ts';
import type { SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionActor } from './context.ts';

const AuthContext = createContext(false);

/** Makes `useAuth()` available; must sit inside `PlatformStateProvider`, whose session it upgrades. */
export function AuthProvider({ children }: { children?: ReactNode }) {
  useSessionActor('AuthProvider');
  return <AuthContext.Provider value>{children}</AuthContext.Provider>;
}

export interface AuthState {
  /** Logs in and upgrades the current session (queued until a session exists; a second call while pending is ignored). */
  login(credentials: LoginRequest): void;
  /** Ends the session and starts a new anonymous one at once. */
  logout(): void;
  /** A login is queued or running. */
  isPending: boolean;
  /** Why the last login failed; cleared by the next attempt. */
  error: SessionError | null;
  isAuthenticated: boolean;
}

const select = (s: SessionSnapshot) => ({
  isPending: s.matches({ session: 'upgrading' }) || !!s.context.credentials,
  error: s.context.authError,
  isAuthenticated: s.matches({ session: 'authenticated' }),
});

/** Login and logout for the session of the nearest providers. */
export const useAuth = (): AuthState => {
  if (!useContext(AuthContext)) throw new Error('useAuth must be used inside <AuthProvider>.');
  const actor = useSessionActor('useAuth');
  return {
    ...useSelector(actor, select, shallowEqual),
    login: (c) => actor.send({ type: 'user.login', email: c.email, password: c.password }),
    logout: () => actor.send({ type: 'user.logout' }),
  };
};
