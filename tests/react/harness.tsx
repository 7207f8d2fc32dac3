import { act, render, screen, waitFor } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { StrictMode, type ReactNode } from 'react';
import { expect } from 'vitest';
import { Link, MemoryRouter, Route, Routes, useLocation, useNavigate, useNavigationType, useSearchParams } from 'react-router';
import { ExperiencePlaneClient } from '../../src/client/ExperiencePlaneClient.ts';
import { createSessionStore } from '../../src/core/storage.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { AuthProvider, PlatformStateProvider, RedirectIfAuthenticated, RequireAuth, useAuth, useSession } from '../../src/react/index.ts';

/** Every React test runs in both modes: StrictMode doubles renders and effects in development. */
export const renderModes = [
  { name: 'StrictMode', strict: true },
  { name: 'plain', strict: false },
] as const;

export type RenderMode = (typeof renderModes)[number];

export const API = 'http://localhost';

export function Badge() {
  const s = useSession();
  return (
    <p>
      <span data-testid="session-status">{s.status}</span> <span data-testid="session-id">{s.session?.session_id ?? ''}</span>{' '}
      <span data-testid="session-user">{s.session?.user_id ?? ''}</span>
      {s.error && (
        <span role="alert" data-testid="session-error" data-code={s.error.code}>
          {s.error.message} <button onClick={s.retry}>Retry</button>
        </span>
      )}
    </p>
  );
}

export function LoginForm() {
  const { login, isPending, error } = useAuth();
  const [params] = useSearchParams();
  return (
    <RedirectIfAuthenticated to={params.get('returnTo')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          login({ email: String(f.get('email')), password: String(f.get('password')) });
        }}
      >
        <label>
          Email <input name="email" />
        </label>
        <label>
          Password <input name="password" type="password" />
        </label>
        <button type="submit" disabled={isPending}>
          Sign in
        </button>
        {error && (
          <p role="alert" data-testid="auth-error" data-code={error.code}>
            {error.message}
          </p>
        )}
      </form>
    </RedirectIfAuthenticated>
  );
}

function SignOut() {
  const { logout, isAuthenticated } = useAuth();
  return isAuthenticated ? <button onClick={logout}>Sign out</button> : null;
}

const mainLinks: [string, string][] = [
  ['/', 'Home'],
  ['/dashboard', 'Dashboard'],
  ['/settings', 'Settings'],
];

/** The router's location (with how it was reached: PUSH or REPLACE) and links to move around. */
export function Where({ links = mainLinks }: { links?: [to: string, name: string][] }) {
  const l = useLocation();
  return (
    <nav>
      <output data-testid="location" data-nav-type={useNavigationType()}>
        {l.pathname + l.search + l.hash}
      </output>
      {links.map(([to, name]) => (
        <Link key={to} to={to}>
          {name}
        </Link>
      ))}
    </nav>
  );
}

function Bridge({ children, client, storage }: { children: ReactNode; client: ExperiencePlaneClient; storage: ReturnType<typeof createSessionStore> }) {
  const navigate = useNavigate();
  const l = useLocation();
  return (
    <PlatformStateProvider
      client={client}
      storage={storage}
      backoff={1}
      navigate={(to, o) => navigate(to, o)}
      location={l.pathname + l.search + l.hash}
    >
      <AuthProvider>{children}</AuthProvider>
    </PlatformStateProvider>
  );
}

export interface AppOptions {
  mode: RenderMode;
  path?: string;
  /** The tab's sessionStorage; pass the same one to simulate a reload. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  extra?: ReactNode;
}

/**
 * Renders a small app (public `/`, `/login`, protected `/dashboard` and `/settings`) over the
 * real providers, a real client and the MSW node server. A fresh client means a fresh page load.
 */
export function renderApp({ mode, path = '/', storage = memoryStorage(), extra }: AppOptions) {
  const client = new ExperiencePlaneClient({ baseUrl: API, timeout: 2000 });
  const store = createSessionStore(storage);
  const tree = (
    <MemoryRouter initialEntries={[path]}>
      <Bridge client={client} storage={store}>
        <Badge />
        <SignOut />
        <Where />
        {extra}
        <Routes>
          <Route path="/" element={<h1>Home</h1>} />
          <Route path="/login" element={<LoginForm />} />
          <Route path="/dashboard" element={<RequireAuth fallback={<p>Loading session…</p>}><h1>Dashboard</h1></RequireAuth>} />
          <Route path="/settings" element={<RequireAuth fallback={<p>Loading session…</p>}><h1>Settings</h1></RequireAuth>} />
        </Routes>
      </Bridge>
    </MemoryRouter>
  );
  const utils = render(mode.strict ? <StrictMode>{tree}</StrictMode> : tree);
  return { ...utils, storage, store, client };
}

export const status = () => screen.getByTestId('session-status').textContent;
export const sessionId = () => screen.getByTestId('session-id').textContent;
export const where = () => screen.getByTestId('location').textContent;

export const waitForStatus = (s: string) => waitFor(() => expect(status()).toBe(s));

export async function signIn(user: { email: string; password: string }, ue: UserEvent) {
  await ue.type(screen.getByLabelText('Email'), user.email);
  await ue.type(screen.getByLabelText('Password'), user.password);
  await ue.click(screen.getByRole('button', { name: 'Sign in' }));
}

/** Lets queued promises and zero-delay timers settle. */
export const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));
