import { useEffect, useState } from 'react';
import type { SessionEnvelope } from 'session-first';
import { useAuthenticatedFetch, useSession } from 'session-first/react';
import { experienceApiUrl, statusPageUrl } from './config.ts';

type Answer<T> = { state: 'loading' } | { state: 'loaded'; body: T } | { state: 'failed'; reason: string };

/** GETs `url` as JSON through the session's fetch, again whenever `url` changes. */
function useJson<T>(url: string): Answer<T> {
  const authenticatedFetch = useAuthenticatedFetch();
  const [answer, setAnswer] = useState<Answer<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    authenticatedFetch(url, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        setAnswer({ state: 'loaded', body: (await response.json()) as T });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ state: 'failed', reason: String(error) });
      });
    return () => controller.abort();
  }, [authenticatedFetch, url]);
  return answer;
}

/** This session as the experience API sees it: a request to the API's origin, so it carries the session token. */
function SessionOnServer({ sessionId }: { sessionId: string }) {
  const answer = useJson<SessionEnvelope>(`${experienceApiUrl}/api/session/${encodeURIComponent(sessionId)}`);
  if (answer.state === 'loading') return <p>Asking the server…</p>;
  if (answer.state === 'failed') return <p role="alert">The server did not answer: {answer.reason}</p>;
  const { user_id, tenant_id, expires_at } = answer.body.session;
  return (
    <p>
      The server knows this session as {user_id} of {tenant_id}, until {new Date(expires_at).toLocaleString()}.
    </p>
  );
}

/** A request to another origin: the same fetch sends it no token. */
function ServiceStatus({ url }: { url: string }) {
  const answer = useJson<{ status: string }>(url);
  return <p>Service status: {answer.state === 'loaded' ? answer.body.status : answer.state}</p>;
}

/** A protected page: the router renders it inside `<RequireAuth>`. */
export function AccountPage() {
  const { session } = useSession();
  return (
    <>
      <h1>Your account</h1>
      {session && <SessionOnServer sessionId={session.session_id} />}
      {statusPageUrl && <ServiceStatus url={statusPageUrl} />}
    </>
  );
}
