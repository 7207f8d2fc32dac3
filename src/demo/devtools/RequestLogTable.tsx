import { useCallback, useEffect, useState } from 'react';
import type { RequestLogEntry } from '../../../mocks/index.ts';
import { mockAdmin } from './mockAdmin.ts';

/** How often the open panel asks the mock for its log. */
const POLL_MS = 250;

/** The page's request log from the mock's admin API, refreshed while mounted, and a way to empty it. */
function useRequestLog(): { entries: readonly RequestLogEntry[]; clear(): void } {
  const [entries, setEntries] = useState<readonly RequestLogEntry[]>([]);
  useEffect(() => {
    let mounted = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await mockAdmin.requests();
        // Same length and same last id: nothing new, so no re-render.
        if (mounted) setEntries((shown) => (shown.length === next.length && shown.at(-1)?.id === next.at(-1)?.id ? shown : next));
      } catch {
        // The mock is not answering right now; the next poll tries again.
      }
      if (mounted) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      mounted = false;
      clearTimeout(timer);
    };
  }, []);
  const clear = useCallback(() => {
    mockAdmin.clearRequests().then(
      () => setEntries([]),
      () => undefined,
    );
  }, []);
  return { entries, clear };
}

/** `ses_0123…cdef`: session ids are long, the ends are enough to tell them apart. */
const shortPath = (path: string) => path.replace(/ses_([0-9a-f]{4})[0-9a-f]{20,}([0-9a-f]{4})/gi, 'ses_$1…$2');

const statusClass = (s: number) => (s === 0 ? 'neterr' : s < 300 ? 'ok' : s < 500 ? 'client' : 'server');

const SHOWN = 200;

/** The requests the mock backend served in this page load, newest first. */
export function RequestLogTable() {
  const { entries, clear } = useRequestLog();
  const rows: RequestLogEntry[] = entries.slice(-SHOWN).reverse();
  return (
    <div className="request-log">
      <div className="request-log__bar">
        <p className="muted" aria-live="polite">
          {entries.length === 0 ? 'No requests yet.' : `${entries.length} request${entries.length === 1 ? '' : 's'} served.`}
        </p>
        <button type="button" className="button button--small button--ghost" onClick={clear} disabled={!entries.length}>
          Clear log
        </button>
      </div>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="request-log__table">
            <caption className="visually-hidden">Requests the mock backend served, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">Latency</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} title={`${e.method} ${e.path} → ${e.status || 'network error'} (${e.scenario}, ${e.at})`}>
                  <td className="num">{e.id}</td>
                  <td>
                    <span className={`method method--${e.method.toLowerCase()}`}>{e.method}</span>
                  </td>
                  <td className="path">
                    <code>
                      {shortPath(e.path)
                        .split('/')
                        .map((part, i) => (
                          // A line may break after each slash, never inside a word.
                          <span key={i}>
                            {i > 0 && '/'}
                            {i > 0 && <wbr />}
                            {part}
                          </span>
                        ))}
                    </code>
                    {e.scenario !== 'default' && <span className="scenario-chip">{e.scenario}</span>}
                  </td>
                  <td>
                    <span className={`status status--${statusClass(e.status)}`}>{e.status === 0 ? 'failed' : e.status}</span>
                  </td>
                  <td className="num">{e.latency_ms} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
