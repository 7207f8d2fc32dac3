import { shallowEqual, useSelector } from '@xstate/react';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { LoginRequest } from '../api/types.ts';
import type { SessionError } from '../core/errors.ts';
import { selectIsLoggingIn } from '../core/selectors.ts';
import type { SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionActor } from './context.ts';

const AuthContext = createContext(false);

/** Makes `useAuth()` available; must sit inside `PlatformStateProvider`, whose session it upgrades. */
export function AuthProvider({ children }: { children?: ReactNode }) {
  useSessionActor('AuthProvider');
  return <AuthContext.Provider value>{children}</AuthContext.Provider>;
}

interface AuthCommands {
  /** Logs in and upgrades the current session; asked for at any moment, the last of login and logout wins. */
  login(credentials: LoginRequest): void;
  /** Ends the session and starts a new anonymous one at once. */
  logout(): void;
}

export interface AuthState extends AuthCommands {
  /** A login is queued or running. */
  isPending: boolean;
  /** Why the last login failed; cleared by the next login or logout. */
  error: SessionError | null;
  isAuthenticated: boolean;
}

const selectAuth = (snapshot: SessionSnapshot) => ({
  isPending: selectIsLoggingIn(snapshot),
  error: snapshot.context.authError,
  isAuthenticated: snapshot.matches({ session: 'authenticated' }),
});

/** Login and logout for the session of the nearest providers (stable callbacks). */
export const useAuth = (): AuthState => {
  if (!useContext(AuthContext)) throw new Error('useAuth must be used inside <AuthProvider>.');
  const actor = useSessionActor('useAuth');
  const state = useSelector(actor, selectAuth, shallowEqual);
  const commands = useMemo<AuthCommands>(
    () => ({
      login: ({ email, password }) => actor.send({ type: 'user.login', email, password }),
      logout: () => actor.send({ type: 'user.logout' }),
    }),
    [actor],
  );
  return { ...state, ...commands };
};
