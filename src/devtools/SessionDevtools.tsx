import { startTransition, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { SessionSnapshot } from '../core/sessionMachine.ts';
import { useSessionSelector } from '../react/useSession.ts';
import { BackendControls } from './BackendControls.tsx';
import { DevtoolsSection } from './DevtoolsSection.tsx';
import { useDevtoolsStyles } from './devtoolsStyles.ts';
import { MockRequestLog, PageRequestLog } from './RequestLog.tsx';
import { SessionFacts } from './SessionFacts.tsx';
import { Statechart } from './Statechart.tsx';
import { storedFlag } from './storedPreference.ts';
import { useTokenTracker } from './tokenTracker.ts';
import { useBackend, type Backend } from './useBackend.ts';

export interface SessionDevtoolsProps {
  /** Your app's own sections, shown after the backend's (e.g. `<DevtoolsSection title="…">`). */
  children?: ReactNode;
  /** Open at the first visit; after that the panel remembers whether it was open. Default false. */
  defaultOpen?: boolean;
}

/** The shortcut that opens and closes the panel, in the syntax of `aria-keyshortcuts`. */
const SHORTCUT = 'Alt+Shift+D';
const SHORTCUT_TEXT = SHORTCUT.replaceAll('+', ' + ');

const openPreference = storedFlag('session-first-devtools:open');

/** Where focus goes when the panel opens or closes: its heading, the toggle, or nowhere new. */
type FocusTarget = 'panel' | 'toggle' | 'stay';

/** Marks the document while the panel is open: on wide screens the page makes room for it. */
const OPEN_ATTRIBUTE = 'data-sf-devtools-open';

function BackendSummary({ backend }: { backend: Backend }) {
  return (
    <>
      <p>
        Backend: <code className="sf-devtools-break">{backend.address}</code>
      </p>
      {backend.kind === 'checking' && <p className="sf-devtools-help">Looking for a mock backend…</p>}
      {backend.kind === 'api' && (
        <p className="sf-devtools-help">No mock runs in this page: the requests below are the ones this page saw.</p>
      )}
      {backend.kind === 'mock' && <BackendControls admin={backend.admin} state={backend.state} />}
    </>
  );
}

function Requests({ backend }: { backend: Backend }) {
  if (backend.kind === 'mock') return <MockRequestLog admin={backend.admin} />;
  if (backend.kind === 'api') return <PageRequestLog apiOrigin={backend.origin} />;
  return <p className="sf-devtools-help">Looking for a mock backend…</p>;
}

interface PanelProps {
  id: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose(): void;
  children?: ReactNode;
}

/**
 * How long the panel, open as the page loads, waits for the session's first answer before it
 * draws its sections anyway.
 */
const FIRST_DRAW_LIMIT_MS = 1000;

const hasLeftLoading = (snapshot: SessionSnapshot) => !snapshot.matches({ session: { none: 'loading' } });

/**
 * False until the page's first session request has been answered (or FIRST_DRAW_LIMIT_MS has
 * passed), then true for good. Drawing the panel meanwhile held the session's answer back: with
 * the panel open at load, the session was ready about 30 ms later (the bench, 100 ms latency).
 */
function useFirstAnswerSeen(): boolean {
  const answered = useSessionSelector(hasLeftLoading);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (seen) return;
    // A transition: drawing the sections yields to the app's own updates.
    const draw = () => startTransition(() => setSeen(true));
    if (answered) {
      draw();
      return;
    }
    const timer = setTimeout(draw, FIRST_DRAW_LIMIT_MS);
    return () => clearTimeout(timer);
  }, [answered, seen]);
  return seen;
}

function PanelSections({ children }: { children?: ReactNode }) {
  const backend = useBackend();
  return (
    <>
      <DevtoolsSection title={backend.kind === 'mock' ? 'Mock backend' : 'Backend'}>
        <BackendSummary backend={backend} />
      </DevtoolsSection>
      {children}
      <DevtoolsSection title="Session machine">
        <Statechart />
      </DevtoolsSection>
      <DevtoolsSection title="Session facts">
        <SessionFacts />
      </DevtoolsSection>
      <DevtoolsSection title="Requests">
        <Requests backend={backend} />
      </DevtoolsSection>
    </>
  );
}

function Panel({ id, headingRef, onClose, children }: PanelProps) {
  const drawn = useFirstAnswerSeen();
  const headingId = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };
  return (
    <aside id={id} className="sf-devtools-panel" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className="sf-devtools-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          Developer panel
        </h2>
        <p className="sf-devtools-hint">
          <kbd>Esc</kbd> or <kbd>{SHORTCUT_TEXT}</kbd> to close
        </p>
        <button type="button" className="sf-devtools-button sf-devtools-button--small" aria-label="Close developer panel" onClick={onClose}>
          Close
        </button>
      </div>
      {drawn ? <PanelSections>{children}</PanelSections> : <p className="sf-devtools-help">Waiting for the session’s first answer…</p>}
    </aside>
  );
}

/**
 * The developer panel of a session-first app, as one component: put it anywhere inside
 * `<PlatformStateProvider>`. A floating `Dev panel` button (or Alt+Shift+D) opens it: the live
 * statechart, the session (never its token), the requests, and the mock backend's controls when
 * the mock runs in the page and answers at the client's address. Esc closes it. It brings its own styles.
 */
export function SessionDevtools({ children, defaultOpen = false }: SessionDevtoolsProps) {
  useDevtoolsStyles();
  // Counts token rotations from the app's first render, whether the panel is open or not.
  useTokenTracker();
  const [open, setOpenState] = useState(() => openPreference.read() ?? defaultOpen);
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Where focus goes once the panel has been shown or hidden.
  const focusAfter = useRef<FocusTarget>('stay');
  const openRef = useRef(open);
  openRef.current = open;

  const setOpen = (next: boolean, focus: FocusTarget) => {
    focusAfter.current = focus;
    openPreference.write(next);
    setOpenState(next);
  };
  const setOpenRef = useRef(setOpen);
  setOpenRef.current = setOpen;

  // The panel lives at the end of <body>, beside the app's landmarks, wherever the app renders this.
  useEffect(() => {
    const element = document.createElement('div');
    element.className = 'sf-devtools';
    document.body.append(element);
    setContainer(element);
    return () => element.remove();
  }, []);

  useEffect(() => {
    if (!open) return;
    document.documentElement.setAttribute(OPEN_ATTRIBUTE, '');
    return () => document.documentElement.removeAttribute(OPEN_ATTRIBUTE);
  }, [open]);

  useEffect(() => {
    const target = focusAfter.current;
    focusAfter.current = 'stay';
    if (target === 'panel') headingRef.current?.focus();
    if (target === 'toggle') toggleRef.current?.focus();
  }, [open, container]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      // `code`, not `key`: Alt+Shift changes the character on some layouts (macOS).
      if (event.code !== 'KeyD' || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      const next = !openRef.current;
      setOpenRef.current(next, next ? 'panel' : 'toggle');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!container) return null;
  return createPortal(
    <>
      <button
        ref={toggleRef}
        type="button"
        className="sf-devtools-toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-keyshortcuts={SHORTCUT}
        title={`Developer panel (${SHORTCUT_TEXT})`}
        onClick={() => setOpen(!open, 'stay')}
      >
        <span aria-hidden="true">{'</>'}</span>
        Dev panel
      </button>
      {open && (
        <Panel id={panelId} headingRef={headingRef} onClose={() => setOpen(false, 'toggle')}>
          {children}
        </Panel>
      )}
    </>,
    container,
  );
}
