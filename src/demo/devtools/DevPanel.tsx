import type { KeyboardEvent } from 'react';
import { BackendControls } from './BackendControls.tsx';
import { DEV_PANEL_ID, DEV_PANEL_SHORTCUT, useDevTools } from './DevToolsContext.tsx';
import { RequestLogTable } from './RequestLogTable.tsx';
import { SessionFacts } from './SessionFacts.tsx';
import { Statechart } from './Statechart.tsx';

/** The developer panel: live machine state, the session, the backend controls and the request log. */
export function DevPanel() {
  const { setOpen, headingRef } = useDevTools();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false, true);
    }
  };
  return (
    <aside id={DEV_PANEL_ID} className="dev-panel" aria-labelledby={`${DEV_PANEL_ID}-title`} onKeyDown={onKeyDown}>
      <div className="dev-panel__head">
        <h2 id={`${DEV_PANEL_ID}-title`} ref={headingRef} tabIndex={-1}>
          Developer panel
        </h2>
        <p className="muted dev-panel__hint">
          <kbd>Esc</kbd> or <kbd>{DEV_PANEL_SHORTCUT.replaceAll('+', ' + ')}</kbd> to close
        </p>
        <button type="button" className="button button--small button--ghost" onClick={() => setOpen(false, true)}>
          Close<span className="visually-hidden"> developer panel</span>
        </button>
      </div>
      <section aria-labelledby="dev-backend" className="dev-section">
        <h3 id="dev-backend">Mock backend</h3>
        <BackendControls />
      </section>
      <section aria-labelledby="dev-machine" className="dev-section">
        <h3 id="dev-machine">Session machine</h3>
        <Statechart />
      </section>
      <section aria-labelledby="dev-session" className="dev-section">
        <h3 id="dev-session">Session</h3>
        <SessionFacts />
      </section>
      <section aria-labelledby="dev-requests" className="dev-section">
        <h3 id="dev-requests">Requests</h3>
        <RequestLogTable />
      </section>
    </aside>
  );
}
