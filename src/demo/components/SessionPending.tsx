import { selectStatus } from 'session-first';
import { useSessionSelector } from 'session-first/react';
import { Loading } from './Loading.tsx';
import { useSessionFailed } from './useSessionFailed.ts';
import { useTitle } from './useTitle.ts';

/**
 * What a protected page shows until the session is signed in: its title, and what is going on.
 * When the session could not be started there is nothing to wait for: the notice above the page
 * says why, with `Retry`, and no spinner turns here.
 */
export function SessionPending({ title }: { title: string }) {
  useTitle(title);
  const status = useSessionSelector(selectStatus);
  const failed = useSessionFailed();
  return (
    <div className="page page--narrow">
      <h1>{title}</h1>
      {failed ? (
        <p>This page opens once your session has started.</p>
      ) : (
        <Loading label={status === 'anonymous' ? 'Taking you to the sign-in page…' : status === 'upgrading' ? 'Signing you in…' : 'Checking your session…'} />
      )}
    </div>
  );
}
