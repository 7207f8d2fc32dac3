import type { CSSProperties, ReactNode } from 'react';
import { useLocation } from 'react-router';

const look: CSSProperties = {
  display: 'block',
  boxSizing: 'border-box',
  width: '100%',
  font: '13px ui-monospace, monospace',
  padding: '6px 12px',
  margin: '0 0 16px',
  border: '1px solid #ccd',
  borderRadius: 16,
  background: '#f6f7fb',
  color: '#333',
};

/** The story router's location, shown as an address bar (a MemoryRouter has none). */
export function AddressBar() {
  const { pathname, search, hash } = useLocation();
  return <input aria-label="Location" readOnly value={pathname + search + hash} style={look} />;
}

/** A decorator that puts the address bar above the story, inside the story's router. */
export const withAddressBar = (Story: () => ReactNode) => (
  <>
    <AddressBar />
    <Story />
  </>
);
