/**
 * The fault matrix: for every endpoint (in the moment the app calls it) and every fault, what the
 * app must end in. tests/faults/faultMatrix.test.tsx runs every cell against the real providers
 * over the MSW node server; scripts/fault-matrix.mjs writes docs/fault-matrix.md from this same
 * data, and the test fails when that file is not what this data renders.
 *
 * No imports: the generator loads this file on its own.
 */

export const FAULTS = ['network', 'timeout', '500', '503', 'invalid-json', 'wrong-shape', '401', '403', '404', '409', '422'] as const;
export type MatrixFault = (typeof FAULTS)[number];
export type MatrixEndpoint = 'get' | 'create' | 'login' | 'upgrade' | 'logout';

/** What the tab's sessionStorage holds after the fault, compared with before. */
export type Stored =
  /** The same session id and token as before. */
  | 'kept'
  /** Nothing: no session could be had. */
  | 'nothing'
  /** A new anonymous session (another id), which the server knows. */
  | 'new anonymous session';

export interface Outcome {
  /** The public status (`useSession().status`), i.e. the session region of the machine. */
  status: 'none' | 'anonymous' | 'authenticated';
  /** `useSession().error?.code`. */
  error: string | null;
  /** `useAuth().error?.code`. */
  authError: string | null;
  stored: Stored;
  /** The requests the page sends from the action on, in order. */
  requests: MatrixEndpoint[];
}

export interface Phase {
  id: 'restore' | 'create' | 'login' | 'upgrade' | 'verify' | 'logout';
  /** The endpoint that fails. */
  endpoint: MatrixEndpoint;
  /** When the app calls it, and what the test does. */
  when: string;
  /** What the tab holds before (the server knows it). */
  before: 'nothing' | 'anonymous session' | 'signed-in session';
}

export const ENDPOINT_LABEL: Record<MatrixEndpoint, string> = {
  get: 'GET /api/session/{id}',
  create: 'POST /api/session/create-anonymous',
  login: 'POST /api/auth/login',
  upgrade: 'PATCH /api/session/{id}/upgrade',
  logout: 'POST /api/session/{id}/logout',
};

export const PHASES: Phase[] = [
  { id: 'restore', endpoint: 'get', when: 'page load with a stored session', before: 'anonymous session' },
  { id: 'create', endpoint: 'create', when: 'page load without a session', before: 'nothing' },
  { id: 'login', endpoint: 'login', when: 'sign in (credentials)', before: 'anonymous session' },
  { id: 'upgrade', endpoint: 'upgrade', when: 'sign in (upgrade)', before: 'anonymous session' },
  { id: 'verify', endpoint: 'get', when: 'moving to another page while signed in', before: 'signed-in session' },
  { id: 'logout', endpoint: 'logout', when: 'sign out', before: 'signed-in session' },
];

const TRIES = 3;
const times = (n: number, e: MatrixEndpoint): MatrixEndpoint[] => Array.from({ length: n }, () => e);
const o = (status: Outcome['status'], error: string | null, authError: string | null, stored: Stored, requests: MatrixEndpoint[]): Outcome => ({
  status,
  error,
  authError,
  stored,
  requests,
});

/** The error code of each fault, as the client reports it (R12). */
export const CODE: Record<MatrixFault, string> = {
  network: 'network',
  timeout: 'timeout',
  '500': 'server',
  '503': 'server',
  'invalid-json': 'malformed_response',
  'wrong-shape': 'malformed_response',
  '401': 'unauthorized',
  '403': 'forbidden',
  '404': 'not_found',
  '409': 'conflict',
  '422': 'invalid_request',
};
const TRANSIENT: MatrixFault[] = ['network', 'timeout', '500', '503'];

const each = (f: (fault: MatrixFault) => Outcome) => Object.fromEntries(FAULTS.map((x) => [x, f(x)])) as Record<MatrixFault, Outcome>;

/** The expected outcome of every cell (SPEC §3: R2, R3, R6, R7, R10, R12). */
export const EXPECTED: Record<Phase['id'], Record<MatrixFault, Outcome>> = {
  // R2: a stored session answering 401/404 is replaced by exactly one new one. R3: transient
  // failures are retried (3 tries) and keep the stored session. Anything else: `none` with the
  // error and a retry(), nothing stored lost.
  restore: each((f) =>
    f === '401' || f === '404'
      ? o('anonymous', null, null, 'new anonymous session', ['get', 'create'])
      : o('none', CODE[f], null, 'kept', TRANSIENT.includes(f) ? times(TRIES, 'get') : ['get']),
  ),
  // R3: transient failures are retried; no session can be had: `none` with the error.
  create: each((f) => o('none', CODE[f], null, 'nothing', TRANSIENT.includes(f) ? times(TRIES, 'create') : ['create'])),
  // A failed login leaves the anonymous session as it was; the error is the login's.
  login: each((f) => o('anonymous', null, CODE[f], 'kept', ['login'])),
  // R6: 404 → a new anonymous session and one more upgrade (same access token), which fails
  // again here; everything else → anonymous with the error, session kept.
  upgrade: each((f) =>
    f === '404'
      ? o('anonymous', null, 'not_found', 'new anonymous session', ['login', 'upgrade', 'create', 'upgrade'])
      : o('anonymous', null, CODE[f], 'kept', ['login', 'upgrade']),
  ),
  // R10: a session the server no longer recognises → a new anonymous one and "session expired";
  // a check that merely fails leaves the signed-in session alone.
  verify: each((f) =>
    f === '401' || f === '404'
      ? o('anonymous', 'session_expired', null, 'new anonymous session', ['get', 'create'])
      : o('authenticated', null, null, 'kept', ['get']),
  ),
  // R7: logout forgets the session locally and creates a new anonymous one at once, whatever the
  // server answered.
  logout: each(() => o('anonymous', null, null, 'new anonymous session', ['logout', 'create'])),
};

export interface Cell {
  phase: Phase;
  fault: MatrixFault;
  expected: Outcome;
}

/** Every cell, phase by phase. */
export const CELLS: Cell[] = PHASES.flatMap((phase) => FAULTS.map((fault) => ({ phase, fault, expected: EXPECTED[phase.id][fault] })));

const REQUEST_LABEL: Record<MatrixEndpoint, string> = { get: 'GET', create: 'create', login: 'login', upgrade: 'upgrade', logout: 'logout' };

/** `get, get, get` → `GET ×3`; `get, create` → `GET → create`. */
export function describeRequests(requests: MatrixEndpoint[]): string {
  const runs: [MatrixEndpoint, number][] = [];
  for (const r of requests) {
    const last = runs[runs.length - 1];
    if (last && last[0] === r) last[1]++;
    else runs.push([r, 1]);
  }
  return runs.map(([r, n]) => (n > 1 ? `${REQUEST_LABEL[r]} ×${n}` : REQUEST_LABEL[r])).join(' → ');
}

const code = (c: string | null) => (c ? `\`${c}\`` : '—');

/** The Markdown of docs/fault-matrix.md. */
export function renderFaultMatrix(cells: Cell[] = CELLS): string {
  const lines = [
    '# Fault matrix',
    '',
    '<!-- Generated by `npm run docs:faults` from tests/faults/matrix.ts; tests/faults/faultMatrix.test.tsx fails when this file is not what the data generates. Do not edit by hand. -->',
    '',
    'Every endpoint of the experience API, in the moment the app calls it, answering with each fault',
    '(the fault is persistent: every call of that endpoint gets it; the other endpoints work). Each row',
    'is a test run against the real providers, client and MSW mock backend.',
    '',
    '- **Status**: `useSession().status` afterwards (the `session` region of the machine).',
    '- **Session error** / **Login error**: `useSession().error.code` / `useAuth().error.code`.',
    '- **Stored afterwards**: what `sessionStorage` holds compared with before the fault.',
    '- **Requests**: what the page sends from the action on; `×3` is the bounded retry (R3).',
    '',
    `${cells.length} cases: ${PHASES.length} endpoint moments × ${FAULTS.length} faults.`,
  ];
  for (const phase of PHASES) {
    const rows = cells.filter((c) => c.phase.id === phase.id);
    if (!rows.length) continue;
    lines.push(
      '',
      `## ${ENDPOINT_LABEL[phase.endpoint]} — ${phase.when}`,
      '',
      `Before: ${{ nothing: 'no session stored', 'anonymous session': 'an anonymous session stored', 'signed-in session': 'a signed-in session stored' }[phase.before]}.`,
      '',
      '| Fault | Status | Session error | Login error | Stored afterwards | Requests |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        ({ fault, expected: e }) =>
          `| ${fault} | \`${e.status}\` | ${code(e.error)} | ${code(e.authError)} | ${e.stored} | ${describeRequests(e.requests)} |`,
      ),
    );
  }
  return lines.join('\n') + '\n';
}
