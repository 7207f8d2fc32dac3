import type { Decorator } from '@storybook/react-vite';
import { accounts, DEMO_PASSWORD, tenants } from 'session-first/mocks/browser';
import { DemoBackendProvider } from '../../src/demo/DemoBackend.tsx';

/** The demo's pages in stories run on the mock, so they know its seeded accounts (as the demo does). */
export const withDemoBackend: Decorator = (Story) => (
  <DemoBackendProvider value={{ kind: 'mock', accounts, tenants, password: DEMO_PASSWORD }}>
    <Story />
  </DemoBackendProvider>
);
