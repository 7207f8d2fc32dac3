import { useCallback, useEffect, useState } from 'react';
import type { RequestLogEntry } from '../../mocks/mockApiTypes.ts';
import { REQUEST_LOG_EVENT } from '../../mocks/requestLogEvent.ts';
import type { MockAdmin } from './mockAdmin.ts';

/** One request in the panel's table, from the mock's log or from the page's Resource Timing. */
interface RequestRow {
  key: string;
  method: string | null;
  path: string;
  /** HTTP status; 0 for a network error; null when the browser does not tell. */
  status: number | null;
  ms: number;
  /** The mock's scenario when it answered (mock log only). */
  scenario: string | null;
}

interface RequestSource {
  rows: readonly RequestRow[];
  clear(): void;
}

/** The newest rows shown; the count above the table says how many there are. */
const SHOWN = 100;

const fromMockLog = (entry: RequestLogEntry): RequestRow => ({
  key: `mock-${entry.id}`,
  method: entry.method,
  path: entry.path,
  status: entry.status,
  ms: entry.latency_ms,
  scenario: entry.scenario === 'default' ? null : entry.scenario,
});

/**
 * The mock's log of this page's requests (`GET /__mock/requests`): read on mount and again each
 * time the mock says it changed ({@link REQUEST_LOG_EVENT}), one read at a time.
 */
function useMockRequests(admin: MockAdmin): RequestSource {
  const [entries, setEntries] = useState<readonly RequestLogEntry[]>([]);
  useEffect(() => {
    let mounted = true;
    let reading = false;
    let changedWhileReading = false;
    const read = async () => {
      if (reading) {
        changedWhileReading = true;
        return;
      }
      reading = true;
      do {
        changedWhileReading = false;
        try {
          const next = await admin.requests();
          // Same length and same last id: nothing new, so no re-render.
          if (mounted) setEntries((shown) => (shown.length === next.length && shown.at(-1)?.id === next.at(-1)?.id ? shown : next));
        } catch {
          // The mock is not answering right now; its next change brings another read.
        }
      } while (changedWhileReading && mounted);
      reading = false;
    };
    const onChange = () => void read();
    addEventListener(REQUEST_LOG_EVENT, onChange);
    void read();
    return () => {
      mounted = false;
      removeEventListener(REQUEST_LOG_EVENT, onChange);
    };
  }, [admin]);
  const clear = useCallback(() => {
    admin.clearRequests().then(
      () => setEntries([]),
      () => undefined,
    );
  }, [admin]);
  return { rows: entries.map(fromMockLog), clear };
}

/** `fetch` and XHR calls of this page to `apiOrigin`, as Resource Timing saw them (the admin API left out). */
function apiCallsTo(apiOrigin: string): PerformanceResourceTiming[] {
  // Environments without Resource Timing (jsdom) have no entries to show.
  if (typeof performance.getEntriesByType !== 'function') return [];
  return performance.getEntriesByType('resource').filter((entry): entry is PerformanceResourceTiming => {
    if (!('initiatorType' in entry) || (entry.initiatorType !== 'fetch' && entry.initiatorType !== 'xmlhttprequest')) return false;
    const url = new URL(entry.name);
    return url.origin === apiOrigin && !url.pathname.startsWith('/__mock/');
  });
}

const fromResourceTiming = (entry: PerformanceResourceTiming, index: number): RequestRow => {
  const url = new URL(entry.name);
  return {
    key: `page-${index}-${entry.startTime}`,
    method: null,
    path: url.pathname + url.search,
    // 0 when the server's answer is not exposed to the page (a cross-origin answer without CORS).
    status: entry.responseStatus > 0 ? entry.responseStatus : null,
    ms: Math.round(entry.duration),
    scenario: null,
  };
};

/**
 * The page's requests to the API, from Resource Timing: what there is to see when no mock
 * answers the admin API (a real backend). Browsers record a request once it has ended.
 */
function usePageRequests(apiOrigin: string): RequestSource {
  const [entries, setEntries] = useState(() => apiCallsTo(apiOrigin));
  const [clearedAt, setClearedAt] = useState(0);
  useEffect(() => {
    setEntries(apiCallsTo(apiOrigin));
    if (typeof PerformanceObserver === 'undefined') return;
    const observer = new PerformanceObserver(() => setEntries(apiCallsTo(apiOrigin)));
    observer.observe({ type: 'resource' });
    return () => observer.disconnect();
  }, [apiOrigin]);
  const clear = useCallback(() => setClearedAt(performance.now()), []);
  return { rows: entries.filter((entry) => entry.startTime > clearedAt).map(fromResourceTiming), clear };
}

/** `ses_0123…cdef`: session ids are long, their ends are enough to tell them apart. */
const shortPath = (path: string) => path.replace(/ses_([0-9a-f]{4})[0-9a-f]{20,}([0-9a-f]{4})/gi, 'ses_$1…$2');

function statusKind(status: number | null): string {
  if (status === null) return 'unknown';
  if (status === 0) return 'failed';
  if (status < 300) return 'ok';
  return status < 500 ? 'client' : 'server';
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

interface RequestTableProps {
  source: RequestSource;
  /** What the count says the requests were, e.g. `served`. */
  verb: string;
  caption: string;
}

/** The requests, newest first, and a button that empties the list. */
function RequestTable({ source: { rows, clear }, verb, caption }: RequestTableProps) {
  const shown = rows.slice(-SHOWN).reverse();
  return (
    <div>
      <div className="sf-devtools-bar">
        <p aria-live="polite">{rows.length === 0 ? 'No requests yet.' : `${plural(rows.length, 'request')} ${verb}.`}</p>
        <button type="button" className="sf-devtools-button sf-devtools-button--small" onClick={clear} disabled={rows.length === 0}>
          Clear log
        </button>
      </div>
      {shown.length > 0 && (
        <table className="sf-devtools-table">
          <caption className="sf-devtools-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">Status</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key}>
                <td>
                  <span className="sf-devtools-method">{row.method ?? '—'}</span>
                </td>
                <td>
                  <code className="sf-devtools-path">
                    {shortPath(row.path)
                      .split('/')
                      .map((part, index) => (
                        // A line may break after each slash, never inside a word.
                        <span key={index}>
                          {index > 0 && '/'}
                          {index > 0 && <wbr />}
                          {part}
                        </span>
                      ))}
                  </code>
                  {row.scenario && <span className="sf-devtools-chip">{row.scenario}</span>}
                </td>
                <td>
                  <span className={`sf-devtools-status sf-devtools-status--${statusKind(row.status)}`}>
                    {row.status === null ? '—' : row.status === 0 ? 'failed' : row.status}
                  </span>
                </td>
                <td className="sf-devtools-number">{row.ms} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The requests the mock backend served for this page. */
export function MockRequestLog({ admin }: { admin: MockAdmin }) {
  return <RequestTable source={useMockRequests(admin)} verb="served" caption="Requests the mock backend served, newest first" />;
}

/** The requests this page sent to the API at `apiOrigin`. */
export function PageRequestLog({ apiOrigin }: { apiOrigin: string }) {
  return (
    <RequestTable
      source={usePageRequests(apiOrigin)}
      verb="seen"
      caption={`Requests this page sent to ${apiOrigin}, newest first (Resource Timing)`}
    />
  );
}
