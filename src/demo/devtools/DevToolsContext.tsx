import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { readFlag, writeFlag } from '../persistedFlag.ts';

const OPEN_KEY = 'session-first-demo:devtools-open';
export const DEV_PANEL_ID = 'dev-panel';
/** The shortcut, in the syntax of `aria-keyshortcuts`. */
export const DEV_PANEL_SHORTCUT = 'Alt+Shift+D';

interface DevTools {
  open: boolean;
  /** Opens or closes the panel; `moveFocus` puts focus into the panel (open) or back on the toggle (close). */
  setOpen(open: boolean, moveFocus?: boolean): void;
  toggleRef: RefObject<HTMLButtonElement | null>;
  /** The panel's heading, focused when the panel is opened from the keyboard. */
  headingRef: RefObject<HTMLHeadingElement | null>;
}

const DevToolsContext = createContext<DevTools | null>(null);

const readOpen = () => readFlag(OPEN_KEY);
const writeOpen = (open: boolean) => writeFlag(OPEN_KEY, open);

/** Whether the developer panel is open (remembered across reloads), and its keyboard shortcut. */
export function DevToolsProvider({ children }: { children: ReactNode }) {
  const [open, setOpenState] = useState(readOpen);
  const [focusTarget, setFocusTarget] = useState<'panel' | 'toggle' | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openRef = useRef(open);
  openRef.current = open;

  const setOpen = useCallback((next: boolean, moveFocus = false) => {
    setOpenState(next);
    writeOpen(next);
    if (moveFocus) setFocusTarget(next ? 'panel' : 'toggle');
  }, []);

  // Focus moves once the panel is (un)rendered.
  useEffect(() => {
    if (!focusTarget) return;
    (focusTarget === 'panel' ? headingRef.current : toggleRef.current)?.focus();
    setFocusTarget(null);
  }, [focusTarget, open]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // `code`, not `key`: Alt+Shift changes the character on some layouts (macOS).
      if (e.code === 'KeyD' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setOpen(!openRef.current, true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);

  const value = useMemo(() => ({ open, setOpen, toggleRef, headingRef }), [open, setOpen]);
  return <DevToolsContext.Provider value={value}>{children}</DevToolsContext.Provider>;
}

export const useDevTools = (): DevTools => {
  const value = useContext(DevToolsContext);
  if (!value) throw new Error('useDevTools must be used inside <DevToolsProvider>.');
  return value;
};

/** The header button that shows and hides the developer panel. */
export function DevPanelToggle() {
  const { open, setOpen, toggleRef } = useDevTools();
  return (
    <button
      ref={toggleRef}
      type="button"
      className="button button--dev"
      aria-expanded={open}
      aria-controls={open ? DEV_PANEL_ID : undefined}
      aria-keyshortcuts={DEV_PANEL_SHORTCUT}
      title={`Developer panel (${DEV_PANEL_SHORTCUT.replaceAll('+', ' + ')})`}
      onClick={() => setOpen(!open)}
    >
      <span aria-hidden="true" className="button__icon">
        {'</>'}
      </span>
      Dev panel
    </button>
  );
}
