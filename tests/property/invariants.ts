/**
 * The invariants the property and race tests check, over what a tab's session actor holds and
 * what the mock backend knows (read through `backend` only).
 */
import { selectStatus, type SessionErrorCode, type SessionSnapshot, type StoredSession } from '../../src/index.ts';
import { expect } from 'vitest';
import { backend } from '../support/mockBackend.ts';

/** Fails with every problem in the message (its first line names them), when there are any. */
export function expectNone(problems: string[], what: string) {
  expect(problems, `${what}: ${problems.join('; ')}`).toEqual([]);
}

/** What the user last asked a tab for (R13). A login's `user_id` is null for a wrong password. */
export type Intent = { kind: 'login'; user_id: string | null } | { kind: 'logout'; from: string | null };

/** A tab as the invariants see it: its name, the actor's snapshot and what its storage holds. */
export interface TabState {
  name: string;
  snapshot: SessionSnapshot;
  stored: StoredSession | null;
}

/** What the faults of a run explain: error codes a refused login may end with, and sessions the server may still keep. */
export interface Excuses {
  /** A login that did not happen may end with this code (the backend refused it, or the network failed it). */
  explains(code: SessionErrorCode): boolean;
  /** Sessions the tabs let go of without the server being told (a logout that could not get through). */
  unended: ReadonlySet<string>;
  /** Sessions the server ended behind the tabs' backs: a tab may hold one until it next checks. */
  expired: ReadonlySet<string>;
  /** The server ended a session after the intent was asked: a login may have happened and then been lost to it. */
  expiredSince?: boolean;
}

const describe = ({ name, snapshot }: TabState) =>
  `${name} is ${selectStatus(snapshot)} on ${snapshot.context.session?.session_id ?? 'nothing'} as ${snapshot.context.session?.user_id ?? 'nobody'}`;

/** The tab rests on a session: anonymous or authenticated, idle. */
export const atRest = (snapshot: SessionSnapshot) =>
  snapshot.matches({ session: { anonymous: 'idle' } }) || snapshot.matches({ session: { authenticated: 'idle' } });

/**
 * The intent a tab has after the user asks for `asked`: the asked one, except a login asked for
 * while another login runs, which sends nothing (R4) and leaves the running one the intent.
 */
export function intentAfter(previous: Intent | null, asked: Intent, before: SessionSnapshot): Intent | null {
  const { credentials, pendingLogout } = before.context;
  if (asked.kind === 'login' && before.matches({ session: 'upgrading' }) && !pendingLogout && credentials) return previous;
  return asked;
}

/** The tab has an intent under way: queued, logging in or signing out. */
export const busyWithIntent = (snapshot: SessionSnapshot) =>
  snapshot.context.pendingLogin !== null ||
  snapshot.context.pendingLogout ||
  snapshot.matches({ session: 'upgrading' }) ||
  snapshot.matches({ session: { none: 'signingOut' } });

/** The session is live on the server (known and not expired). */
async function isLive(sessionId: string) {
  const session = await backend.getSession(sessionId);
  return !!session && !session.expired;
}

/**
 * How a tab's final state disagrees with the last intent it was given, or null: a login ends
 * authenticated as that user unless the backend refused it (the tab then says why); a logout ends
 * anonymous on another session than the one logged out, which the server no longer keeps.
 */
export async function intentProblem(tab: TabState, intent: Intent, excuses: Excuses): Promise<string | null> {
  const { context } = tab.snapshot;
  const status = selectStatus(tab.snapshot);
  const why = context.authError?.code ?? context.error?.code;
  if (intent.kind === 'login') {
    if (intent.user_id && status === 'authenticated' && context.session?.user_id === intent.user_id) return null;
    if (!intent.user_id && context.authError?.code === 'unauthorized') return null;
    // The session belongs to someone else: the backend refuses to bind it to another user.
    if (status === 'authenticated' && context.session?.user_id !== intent.user_id && context.authError?.code === 'conflict') return null;
    if (why && excuses.explains(why)) return null;
    // Another tab may have found the session gone and told this one, which then says nothing (a
    // regression test of its own: "learns from another tab that its session expired").
    if (excuses.expiredSince && status === 'anonymous') return null;
    const queued = context.pendingLogin ? ', the login still queued' : '';
    return `${describe(tab)} (error: ${why ?? 'none'}${queued}) after a login as ${intent.user_id ?? 'a wrong password'}`;
  }
  if (status !== 'anonymous' || !context.session || context.session.session_id === intent.from) return `${describe(tab)} after a logout of ${intent.from}`;
  if (intent.from && !excuses.unended.has(intent.from) && (await isLive(intent.from))) return `${tab.name} logged out of ${intent.from}, which the server still keeps`;
  return null;
}

/** Tabs at rest on a session whose token (or user) the server does not confirm; sessions that expired behind their backs aside. */
export async function refusedTokens(tabs: TabState[], expired: ReadonlySet<string>): Promise<string[]> {
  const problems: string[] = [];
  for (const tab of tabs) {
    if (!atRest(tab.snapshot)) continue;
    const held = tab.snapshot.context.stored;
    if (!held) {
      problems.push(`${describe(tab)} with nothing held`);
      continue;
    }
    if (expired.has(held.session_id)) continue;
    if (!(await backend.sessionTokenMatches(held.session_id, held.session_token))) problems.push(`${describe(tab)} with a token the server refuses`);
    const onServer = await backend.getSession(held.session_id);
    if (onServer && onServer.user_id !== (tab.snapshot.context.session?.user_id ?? null))
      problems.push(`${describe(tab)}, but the server has ${held.session_id} as ${onServer.user_id ?? 'nobody'}`);
  }
  return problems;
}

/**
 * Tabs whose actor holds something else than their storage: the next page load would change
 * session. `excused` tabs are left out.
 */
export function unstored(tabs: TabState[], excused: (tab: TabState) => boolean = () => false): string[] {
  return tabs
    .filter((tab) => atRest(tab.snapshot) && !excused(tab) && JSON.stringify(tab.snapshot.context.stored) !== JSON.stringify(tab.stored))
    .map((tab) => `${describe(tab)}, but its storage holds ${tab.stored?.session_id ?? 'nothing'}`);
}

/** Pairs of tabs at rest on the same session that disagree on its token or user (R14). */
export function disagreements(tabs: TabState[]): string[] {
  const resting = tabs.filter((tab) => atRest(tab.snapshot));
  const problems: string[] = [];
  for (const [i, a] of resting.entries()) {
    for (const b of resting.slice(i + 1)) {
      const [heldA, heldB] = [a.snapshot.context.stored, b.snapshot.context.stored];
      if (!heldA || heldA.session_id !== heldB?.session_id) continue;
      if (heldA.session_token !== heldB.session_token || a.snapshot.context.session?.user_id !== b.snapshot.context.session?.user_id)
        problems.push(`${describe(a)} and ${describe(b)} disagree on it`);
    }
  }
  return problems;
}

/** Live sessions on the server that no tab holds, those the tabs let go of without telling the server aside. */
export async function orphans(held: Iterable<string>, unended: ReadonlySet<string>): Promise<string[]> {
  const holding = new Set(held);
  return (await backend.listSessions()).map((s) => s.session_id).filter((id) => !holding.has(id) && !unended.has(id));
}
