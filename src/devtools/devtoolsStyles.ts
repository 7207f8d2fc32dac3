import { useInsertionEffect } from 'react';

/**
 * The panel's own styles: every class starts with `sf-devtools`, every colour is set here, so it
 * looks the same in any app and takes nothing from the app's CSS. On wide screens the open panel
 * sits beside the page (the `<body>` gets a right margin as wide as the panel); on narrow ones it
 * covers the bottom of the page.
 */
export const DEVTOOLS_CSS = `
:root {
  --sf-devtools-width: clamp(360px, 38vw, 560px);
  --sf-devtools-sheet: 65vh;
}
.sf-devtools {
  --sfd-bg: #fbfbfe;
  --sfd-surface: #ffffff;
  --sfd-surface-2: #f0f2f7;
  --sfd-text: #1b2132;
  --sfd-muted: #555e72;
  --sfd-border: #d5dae5;
  --sfd-accent: #4338ca;
  --sfd-accent-soft: #eef0ff;
  --sfd-focus: #2563eb;
  --sfd-ok: #047857;
  --sfd-ok-soft: #e7f6ef;
  --sfd-warn: #95540a;
  --sfd-warn-soft: #fff4e0;
  --sfd-danger: #b42318;
  --sfd-danger-soft: #fdecea;
  --sfd-violet: #6d28d9;
  --sfd-violet-soft: #f3edff;
  --sfd-mono: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
  --sfd-sans: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif;
}
.sf-devtools,
.sf-devtools * {
  box-sizing: border-box;
}
.sf-devtools :focus-visible {
  outline: 3px solid var(--sfd-focus);
  outline-offset: 2px;
}
.sf-devtools-hidden {
  position: absolute !important;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}
.sf-devtools-toggle {
  position: fixed;
  right: 1rem;
  bottom: 1rem;
  z-index: 2147483001;
  display: inline-flex;
  align-items: center;
  gap: 0.45rem;
  margin: 0;
  padding: 0.5rem 0.85rem;
  font: 600 0.8rem/1.2 var(--sfd-mono);
  color: #e0e7ff;
  background: #1e1b4b;
  border: 1px solid #1e1b4b;
  border-radius: 999px;
  box-shadow: 0 4px 12px rgb(16 24 40 / 25%);
  cursor: pointer;
}
.sf-devtools-toggle:hover {
  background: #312e81;
}
.sf-devtools-toggle[aria-expanded='true'] {
  background: var(--sfd-accent);
  border-color: var(--sfd-accent);
  color: #ffffff;
}
.sf-devtools-panel {
  position: fixed;
  top: 0;
  right: 0;
  bottom: 0;
  z-index: 2147483000;
  width: var(--sf-devtools-width);
  overflow-y: auto;
  margin: 0;
  padding: 0 1.1rem 4.5rem;
  background: var(--sfd-bg);
  color: var(--sfd-text);
  border-left: 1px solid var(--sfd-border);
  box-shadow: -4px 0 16px rgb(16 24 40 / 8%);
  font: 400 0.875rem/1.5 var(--sfd-sans);
  text-align: left;
}
@media (min-width: 900px) {
  html[data-sf-devtools-open] body {
    margin-right: var(--sf-devtools-width);
  }
  html[data-sf-devtools-open] .sf-devtools-toggle {
    right: calc(var(--sf-devtools-width) + 1rem);
  }
}
@media (max-width: 899px) {
  .sf-devtools-panel {
    top: auto;
    left: 0;
    width: auto;
    height: var(--sf-devtools-sheet);
    border-left: 0;
    border-top: 1px solid var(--sfd-border);
    box-shadow: 0 -8px 24px rgb(16 24 40 / 15%);
  }
  html[data-sf-devtools-open] .sf-devtools-toggle {
    bottom: calc(var(--sf-devtools-sheet) + 0.75rem);
  }
}
.sf-devtools-panel h2,
.sf-devtools-panel h3,
.sf-devtools-panel p,
.sf-devtools-panel dl,
.sf-devtools-panel dd,
.sf-devtools-panel ul {
  margin: 0;
}
.sf-devtools-panel code,
.sf-devtools-panel kbd {
  font-family: var(--sfd-mono);
  font-size: 0.9em;
  color: inherit;
  background: none;
  padding: 0;
}
.sf-devtools-panel kbd {
  border: 1px solid var(--sfd-border);
  border-bottom-width: 2px;
  border-radius: 4px;
  background: var(--sfd-surface);
  padding: 0 0.3em;
}
.sf-devtools-head {
  position: sticky;
  top: 0;
  z-index: 1;
  display: flex;
  align-items: center;
  gap: 0.75rem;
  margin: 0 -1.1rem;
  padding: 0.75rem 1.1rem;
  background: var(--sfd-bg);
  border-bottom: 1px solid var(--sfd-border);
}
.sf-devtools-head h2 {
  font-size: 1rem;
  font-weight: 700;
  letter-spacing: normal;
  text-transform: none;
  color: var(--sfd-text);
}
.sf-devtools-head h2:focus {
  outline: none;
}
.sf-devtools-head h2:focus-visible {
  outline: 3px solid var(--sfd-focus);
}
.sf-devtools-head .sf-devtools-hint {
  margin-left: auto;
  font-size: 0.75rem;
  color: var(--sfd-muted);
}
.sf-devtools-section {
  padding: 1rem 0 0.75rem;
  border-bottom: 1px solid var(--sfd-border);
}
.sf-devtools-section:last-child {
  border-bottom: 0;
}
.sf-devtools-section h3 {
  margin-bottom: 0.6rem;
  font-size: 0.75rem;
  font-weight: 700;
  text-transform: uppercase;
  letter-spacing: 0.06em;
  color: var(--sfd-muted);
}
.sf-devtools-muted,
.sf-devtools-help {
  color: var(--sfd-muted);
}
.sf-devtools-help {
  font-size: 0.78rem;
}
.sf-devtools-break {
  word-break: break-all;
}
.sf-devtools-bar {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 0.75rem;
  margin-bottom: 0.5rem;
  font-size: 0.82rem;
}
.sf-devtools-button {
  display: inline-flex;
  align-items: center;
  gap: 0.35rem;
  margin: 0;
  padding: 0.45rem 0.8rem;
  font: 600 0.85rem/1.2 var(--sfd-sans);
  color: var(--sfd-text);
  background: var(--sfd-surface);
  border: 1px solid var(--sfd-border);
  border-radius: 8px;
  cursor: pointer;
}
.sf-devtools-button:hover {
  background: var(--sfd-surface-2);
}
.sf-devtools-button:disabled {
  color: var(--sfd-muted);
  cursor: not-allowed;
}
.sf-devtools-button--small {
  padding: 0.25rem 0.55rem;
  font-size: 0.78rem;
}
.sf-devtools-button--danger {
  color: var(--sfd-danger);
  border-color: color-mix(in srgb, var(--sfd-danger) 40%, transparent);
}
.sf-devtools-button--danger:hover {
  background: var(--sfd-danger-soft);
}
.sf-devtools-controls {
  display: grid;
  grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr);
  gap: 0 1rem;
}
.sf-devtools-field {
  display: flex;
  flex-direction: column;
  gap: 0.25rem;
  margin-bottom: 0.75rem;
}
.sf-devtools-field--row {
  grid-column: 1 / -1;
  flex-direction: row;
  align-items: center;
  gap: 0.75rem;
}
.sf-devtools-field--row .sf-devtools-button {
  flex: none;
}
.sf-devtools-field label {
  font-weight: 600;
  font-size: 0.85rem;
}
.sf-devtools-field input,
.sf-devtools-field select {
  min-width: 0;
  margin: 0;
  padding: 0.45rem 0.6rem;
  font: 400 0.875rem/1.3 var(--sfd-sans);
  color: var(--sfd-text);
  background: var(--sfd-surface);
  border: 1px solid #8c94a6;
  border-radius: 8px;
}
.sf-devtools-field input[aria-invalid='true'] {
  border-color: var(--sfd-danger);
}
.sf-devtools-checkbox {
  display: inline-flex;
  align-items: center;
  gap: 0.3rem;
  font-size: 0.82rem;
  white-space: nowrap;
}
.sf-devtools-facts {
  display: grid;
  grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 0.5rem 0.9rem;
}
.sf-devtools-facts > div {
  min-width: 0;
  font-size: 0.82rem;
}
.sf-devtools-facts dt {
  font-size: 0.7rem;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: var(--sfd-muted);
}
.sf-devtools-facts__wide {
  grid-column: 1 / -1;
}
.sf-devtools-pill {
  display: inline-block;
  padding: 0 0.5rem;
  border-radius: 999px;
  font: 700 0.78rem/1.5 var(--sfd-mono);
  color: #374151;
  background: var(--sfd-surface-2);
}
.sf-devtools-pill--anonymous {
  color: var(--sfd-warn);
  background: var(--sfd-warn-soft);
}
.sf-devtools-pill--upgrading {
  color: var(--sfd-violet);
  background: var(--sfd-violet-soft);
}
.sf-devtools-pill--authenticated {
  color: var(--sfd-ok);
  background: var(--sfd-ok-soft);
}
.sf-devtools-states {
  list-style: none;
  padding: 0;
}
.sf-devtools-state {
  min-width: 0;
  padding: 0.3rem 0.45rem 0.4rem;
  background: var(--sfd-surface);
  border: 1px solid #c3c9d8;
  border-radius: 8px;
}
.sf-devtools-state--active {
  background: #f4f3ff;
  border-color: var(--sfd-accent);
}
.sf-devtools-state--atomic.sf-devtools-state--active {
  color: #ffffff;
  background: var(--sfd-accent);
  box-shadow: 0 0 0 3px rgb(67 56 202 / 25%);
}
.sf-devtools-state__head {
  display: flex;
  align-items: center;
  gap: 0.3rem;
  font: 700 0.78rem/1.4 var(--sfd-mono);
}
.sf-devtools-state__initial {
  font-size: 0.6rem;
  color: var(--sfd-accent);
}
.sf-devtools-state__tag {
  padding: 0 0.25rem;
  font: 600 0.62rem/1.4 var(--sfd-sans);
  text-transform: uppercase;
  letter-spacing: 0.05em;
  color: var(--sfd-muted);
  border: 1px dashed var(--sfd-muted);
  border-radius: 4px;
}
.sf-devtools-state__invoke,
.sf-devtools-edges {
  font-size: 0.7rem;
  color: var(--sfd-muted);
}
.sf-devtools-state__invoke code {
  color: var(--sfd-violet);
}
.sf-devtools-panel .sf-devtools-edges {
  list-style: none;
  margin-top: 0.15rem;
  padding: 0;
  font-family: var(--sfd-mono);
  line-height: 1.35;
}
.sf-devtools-edges__event {
  font-weight: 700;
  color: #334155;
}
.sf-devtools-edges__guard {
  font-style: italic;
}
.sf-devtools-state--atomic.sf-devtools-state--active .sf-devtools-state__initial,
.sf-devtools-state--atomic.sf-devtools-state--active .sf-devtools-state__invoke,
.sf-devtools-state--atomic.sf-devtools-state--active .sf-devtools-state__invoke code,
.sf-devtools-state--atomic.sf-devtools-state--active .sf-devtools-edges,
.sf-devtools-state--atomic.sf-devtools-state--active .sf-devtools-edges__event {
  color: #ffffff;
}
.sf-devtools-state > .sf-devtools-states {
  display: flex;
  flex-wrap: wrap;
  align-items: flex-start;
  gap: 0.4rem;
  margin-top: 0.35rem;
}
.sf-devtools-state > .sf-devtools-states > .sf-devtools-state {
  flex: 1 1 8.5rem;
}
.sf-devtools-state > .sf-devtools-states--parallel {
  flex-direction: column;
  flex-wrap: nowrap;
  align-items: stretch;
}
.sf-devtools-state > .sf-devtools-states--parallel > .sf-devtools-state {
  flex: none;
  border-style: dashed;
}
.sf-devtools-table {
  width: 100%;
  border-collapse: collapse;
  font-size: 0.78rem;
  background: var(--sfd-surface);
  border: 1px solid var(--sfd-border);
}
.sf-devtools-table th {
  padding: 0.35rem 0.5rem;
  text-align: left;
  font-weight: 600;
  color: var(--sfd-muted);
  background: var(--sfd-surface-2);
}
.sf-devtools-table td {
  padding: 0.3rem 0.5rem;
  vertical-align: top;
  border-top: 1px solid var(--sfd-border);
}
.sf-devtools-number {
  text-align: right;
  white-space: nowrap;
  font-variant-numeric: tabular-nums;
}
.sf-devtools-path {
  overflow-wrap: anywhere;
}
.sf-devtools-method,
.sf-devtools-status {
  font: 700 0.72rem/1.4 var(--sfd-mono);
}
.sf-devtools-status {
  padding: 0 0.3rem;
  border-radius: 4px;
}
.sf-devtools-status--ok {
  color: var(--sfd-ok);
  background: var(--sfd-ok-soft);
}
.sf-devtools-status--client {
  color: var(--sfd-warn);
  background: var(--sfd-warn-soft);
}
.sf-devtools-status--server,
.sf-devtools-status--failed {
  color: var(--sfd-danger);
  background: var(--sfd-danger-soft);
}
.sf-devtools-chip {
  margin-left: 0.35rem;
  padding: 0 0.35rem;
  font-size: 0.68rem;
  white-space: nowrap;
  color: var(--sfd-muted);
  border: 1px solid var(--sfd-border);
  border-radius: 999px;
}
@media (prefers-reduced-motion: reduce) {
  .sf-devtools * {
    transition: none !important;
    animation: none !important;
  }
}
`;

const STYLE_ID = 'sf-devtools-styles';

/** Puts the panel's styles into the document once (before the panel's first layout). */
export function useDevtoolsStyles(): void {
  useInsertionEffect(() => {
    if (document.getElementById(STYLE_ID)) return;
    const style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = DEVTOOLS_CSS;
    document.head.append(style);
  }, []);
}
