/**
 * The fault matrix: for every endpoint (in the moment the app calls it) and every fault, what the
 * app must end in, derived from SPEC §3's rules. tests/faults/faultMatrix.test.tsx runs every
 * cell against the real providers over the MSW node server; scripts/fault-matrix.mjs writes
 * docs/fault-matrix.md from this same data, and the test fails when that file is not what this
 * data renders.
 *
 * No imports: the generator loads this file on its own.
 */

/**
 * The faults. All but `lost` answer in the mock's place, on every call of the endpoint, so the
 * mock never acts on them. `lost` lets the mock act on the first call and loses its answer (the
 * client sees a network error); later calls get the mock's own answers.
 */
export const FAULTS = ['network', 'timeout', '500', '503', 'invalid-json', 'wrong-shape', '401', '403', '404', '409', '422', 'lost'] as const;
export type MatrixFault = (typeof FAULTS)[number];
/** The endpoints of the experience API, and `app`: the app's own call through the authenticated fetch. */
export type MatrixEndpoint = 'get' | 'create' | 'login' | 'upgrade' | 'logout' | 'app';

/** What the tab's storage holds after the fault, compared with before. */
export type Stored =
  /** The same session id and token as before. */
  | 'kept'
  /** Nothing: no session could be had. */
  | 'nothing'
  /** A new anonymous session (another id). */
  | 'new anonymous session'
  /** The same session id, signed in, with the rotated token (R5). */
  | 'same session, signed in';

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
  /** Live sessions the server still holds that the tab no longer does. */
  orphans: number;
}

export interface Phase {
  id: 'restore' | 'create' | 'login' | 'upgrade' | 'moved' | 'refused' | 'logout';
  /** The endpoint that fails. */
  endpoint: Exclude<MatrixEndpoint, 'app'>;
  /** When the app calls it, and what the test does. */
  when: string;
  /** What the tab holds before (the server knows it). */
  before: 'nothing' | 'anonymous session' | 'signed-in session';
  /** The `staleAfter` option of the page (R15); the machine's default (60 s) when absent. */
  staleAfter?: number;
}

export const ENDPOINT_LABEL: Record<Phase['endpoint'], string> = {
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
  { id: 'moved', endpoint: 'get', when: 'a signed-in user moves to another page (`staleAfter: 0`)', before: 'signed-in session', staleAfter: 0 },
  { id: 'refused', endpoint: 'get', when: "the app's own API call answers 401 while signed in", before: 'signed-in session' },
  { id: 'logout', endpoint: 'logout', when: 'sign out', before: 'signed-in session' },
];

/** Tries per request on a transient failure (the machine's default `attempts`). */
const TRIES = 3;
const times = (n: number, e: MatrixEndpoint): MatrixEndpoint[] => Array.from({ length: n }, () => e);

/** The error code of each fault, as the client reports it (R12). A lost answer is a network error. */
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
  lost: 'network',
};
/** Faults that may pass on their own: retried with bounded backoff (R3, R6, R16). */
const TRANSIENT: MatrixFault[] = ['network', 'timeout', '500', '503'];
/** The server no longer recognises the session or its token (R2, R6, R10). */
const GONE: MatrixFault[] = ['401', '404'];
/** Answers whose body is not what the contract says. */
const MALFORMED: MatrixFault[] = ['invalid-json', 'wrong-shape'];

/**
 * Where the tab ends. `orphans` is not given: it follows from the faults. An injected fault never
 * reaches the mock, so a session the tab drops because of one lives on at the server (1 orphan);
 * a lost answer reaches it, and R16 says it leaves no orphan (0).
 */
const ends = (
  fault: MatrixFault,
  status: Outcome['status'],
  stored: Stored,
  requests: MatrixEndpoint[],
  errors: { error?: string; authError?: string } = {},
): Outcome => ({
  status,
  error: errors.error ?? null,
  authError: errors.authError ?? null,
  stored,
  requests,
  orphans: fault !== 'lost' && stored === 'new anonymous session' ? 1 : 0,
});

type Cells = Record<MatrixFault, Outcome>;
const each = (f: (fault: MatrixFault) => Outcome) => Object.fromEntries(FAULTS.map((x) => [x, f(x)])) as Cells;

/**
 * A re-check of a signed-in session (R15) that gets `fault`, after `before` (what the page sent
 * to cause it). R10: a session the server no longer recognises becomes a new anonymous one with
 * "session expired". A check that merely fails is not retried: the signed-in session stays as it
 * was (it may still be valid, R3), and the next move re-checks.
 */
const recheck = (fault: MatrixFault, before: MatrixEndpoint[]): Outcome =>
  GONE.includes(fault)
    ? ends(fault, 'anonymous', 'new anonymous session', [...before, 'get', 'create'], { error: 'session_expired' })
    : ends(fault, 'authenticated', 'kept', [...before, 'get']);

/** The expected outcome of every cell (SPEC §3). */
export const EXPECTED: Record<Phase['id'], Cells> = {
  // R2: a stored session answering 401/404 is replaced by exactly one new one. R3: transient
  // failures are retried (3 tries) and keep the stored session; a lost answer heals on the retry.
  // Anything else: `none` with the error and a retry(), nothing stored lost.
  restore: each((f) => {
    if (GONE.includes(f)) return ends(f, 'anonymous', 'new anonymous session', ['get', 'create']);
    if (f === 'lost') return ends(f, 'anonymous', 'kept', ['get', 'get']);
    return ends(f, 'none', 'kept', TRANSIENT.includes(f) ? times(TRIES, 'get') : ['get'], { error: CODE[f] });
  }),
  // R3: transient failures are retried; no session can be had: `none` with the error. R16: the
  // retry of a create whose answer was lost carries the same Idempotency-Key, and the server
  // answers the session it made again.
  create: each((f) => {
    if (f === 'lost') return ends(f, 'anonymous', 'new anonymous session', ['create', 'create']);
    return ends(f, 'none', 'nothing', TRANSIENT.includes(f) ? times(TRIES, 'create') : ['create'], { error: CODE[f] });
  }),
  // A login is not a session request: it is not retried, and a failed one leaves the anonymous
  // session as it was, with the login's error.
  login: each((f) => ends(f, 'anonymous', 'kept', ['login'], { authError: CODE[f] })),
  // R6 + R16: transient failures are retried with the same Idempotency-Key; the retry of an
  // upgrade whose answer was lost is replayed (signed in on the same session). When the outcome
  // stays unclear (a 401, no answer after the last try, a garbled answer), one GET asks the
  // session: it answers here (the fault never reached the mock), so the credentials or the
  // network failed: anonymous with the error and the session kept. 404: a new anonymous session
  // and one more upgrade with the same access token, which fails again here. 403/409/other:
  // anonymous with the error.
  upgrade: each((f) => {
    if (f === 'lost') return ends(f, 'authenticated', 'same session, signed in', ['login', 'upgrade', 'upgrade']);
    if (f === '404') return ends(f, 'anonymous', 'new anonymous session', ['login', 'upgrade', 'create', 'upgrade'], { authError: CODE[f] });
    const upgrades = TRANSIENT.includes(f) ? times(TRIES, 'upgrade') : ['upgrade' as const];
    const unclear = f === '401' || TRANSIENT.includes(f) || MALFORMED.includes(f);
    return ends(f, 'anonymous', 'kept', ['login', ...upgrades, ...(unclear ? ['get' as const] : [])], { authError: CODE[f] });
  }),
  // R15 with `staleAfter: 0`: every move re-checks.
  moved: each((f) => recheck(f, [])),
  // R15: the app's own request answering 401 re-checks at once, whatever `staleAfter` says.
  refused: each((f) => recheck(f, ['app'])),
  // R7: logout forgets the session locally and creates a new anonymous one at once, whatever the
  // server answered; transient failures are retried first (R3). The retry of a logout whose answer
  // was lost finds the session already ended (404).
  logout: each((f) => {
    const logouts = f === 'lost' ? times(2, 'logout') : TRANSIENT.includes(f) ? times(TRIES, 'logout') : ['logout' as const];
    return ends(f, 'anonymous', 'new anonymous session', [...logouts, 'create']);
  }),
};

export interface Cell {
  phase: Phase;
  fault: MatrixFault;
  expected: Outcome;
}

/** Every cell, phase by phase. */
export const CELLS: Cell[] = PHASES.flatMap((phase) => FAULTS.map((fault) => ({ phase, fault, expected: EXPECTED[phase.id][fault] })));

const REQUEST_LABEL: Record<MatrixEndpoint, string> = { get: 'GET', create: 'create', login: 'login', upgrade: 'upgrade', logout: 'logout', app: 'app call' };

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

const BEFORE: Record<Phase['before'], string> = {
  nothing: 'no session stored',
  'anonymous session': 'an anonymous session stored',
  'signed-in session': 'a signed-in session stored',
};

/** The Markdown of docs/fault-matrix.md. */
export function renderFaultMatrix(cells: Cell[] = CELLS): string {
  const lines = [
    '# Fault matrix',
    '',
    '<!-- Generated by `npm run docs:faults` from tests/faults/matrix.ts; tests/faults/faultMatrix.test.tsx fails when this file is not what the data generates. Do not edit by hand. -->',
    '',
    'Every endpoint of the experience API, in the moment the app calls it, answering with each fault.',
    'Each row is a test run against the real providers, client and MSW mock backend (the node server).',
    '',
    'Faults: `network`, `timeout` (no answer before the client gives up), `500`, `503`, `invalid-json`,',
    '`wrong-shape` (a success status with a body that is not the contract\'s) and `401`-`422` answer in',
    'the server\'s place on every call of that endpoint: the server never acts on them. `lost`: the',
    'server acts on the first call and its answer is lost on the way (a network error for the client);',
    'later calls get the server\'s own answers.',
    '',
    '- **Status**: `useSession().status` afterwards (the `session` region of the machine).',
    '- **Session error** / **Login error**: `useSession().error.code` / `useAuth().error.code`.',
    '- **Stored afterwards**: what the tab\'s storage holds compared with before the fault.',
    '- **Requests**: what the page sends from the action on; `×3` is the bounded retry (R3), and the',
    '  retries of a create or an upgrade carry the same `Idempotency-Key` (R16).',
    '- **Orphans**: live sessions the server still holds that the tab no longer does. An injected',
    '  fault never reaches the server, so a session the tab drops because of one lives on there (1);',
    '  a lost answer leaves none (R16).',
    '',
    'After every row the network heals and the user signs in without a reload (after `Retry` where the',
    'status is `none`): the page ends signed in on a token the server accepts, with no new orphan.',
    'Rows run under React StrictMode or plain rendering, alternating; the `lost` rows under both.',
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
      `Before: ${BEFORE[phase.before]}.`,
      '',
      '| Fault | Status | Session error | Login error | Stored afterwards | Requests | Orphans |',
      '|---|---|---|---|---|---|---|',
      ...rows.map(
        ({ fault, expected: e }) =>
          `| ${fault} | \`${e.status}\` | ${code(e.error)} | ${code(e.authError)} | ${e.stored} | ${describeRequests(e.requests)} | ${e.orphans} |`,
      ),
    );
  }
  return lines.join('\n') + '\n';
}
