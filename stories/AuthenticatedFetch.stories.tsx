import type { Meta, StoryObj } from '@storybook/react-vite';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { useAuthenticatedFetch } from 'session-first/react';
import { sessionOf } from 'session-first/storybook';
import { expect, waitFor } from 'storybook/test';
import { pause } from './support/expectations.ts';

/** Answers what the app's own API received: the orders for a request with a session token, 401 without. */
const ordersApi = [
  http.get('*/app/orders', ({ request }) =>
    request.headers.has('X-Session-Token') ? HttpResponse.json({ orders: ['A-1001', 'A-1002'] }) : HttpResponse.json({ detail: 'Not authenticated' }, { status: 401 }),
  ),
];

/** A page of the app that calls its own API with the session. */
function Orders({ url }: { url: string }) {
  const fetchWithSession = useAuthenticatedFetch();
  const [answer, setAnswer] = useState('');
  const load = async () => {
    const response = await fetchWithSession(url);
    const body = (await response.json()) as { orders?: string[] };
    setAnswer(response.ok ? `Orders: ${body.orders?.join(', ')}` : `Refused (${response.status})`);
  };
  return (
    <main>
      <h1>Your orders</h1>
      <button type="button" className="button" onClick={() => void load()}>
        Load my orders
      </button>
      <p role="status">{answer}</p>
    </main>
  );
}

/**
 * `useAuthenticatedFetch()` of `session-first/react`: the app's own calls to the experience API's
 * origin carry the session token; calls to any other origin do not. The app's API is an extra MSW
 * handler of the story (`parameters.session.handlers`).
 */
const meta = {
  title: 'Library/useAuthenticatedFetch',
  component: Orders,
  args: { url: '/app/orders' },
  parameters: { session: { state: 'authenticated', handlers: ordersApi } },
} satisfies Meta<typeof Orders>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A call to the app's own origin carries the session token. */
export const SameOrigin: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Load my orders' }));
    await expect(await canvas.findByText('Orders: A-1001, A-1002')).toBeVisible();
  },
};

type Context = Parameters<NonNullable<Story['play']>>[0];

/** How many times the story's backend was asked for the session (each check of it). */
const sessionChecks = (context: Context) => sessionOf(context).backend.requestLog.count({ method: 'GET', path: /^\/api\/session\// });

/** A call to another origin goes out without it; its 401 says nothing about the session. */
export const OtherOrigin: Story = {
  args: { url: 'https://partner.example/app/orders' },
  play: async (context) => {
    const { canvas, userEvent } = context;
    const checksBefore = sessionChecks(context);
    await userEvent.click(canvas.getByRole('button', { name: 'Load my orders' }));
    await expect(await canvas.findByText('Refused (401)')).toBeVisible();
    await pause(100);
    await expect(sessionChecks(context)).toBe(checksBefore);
  },
};

/** A 401 from the app's own API makes the session check itself with the server at once (R15). */
export const RefusedByTheApi: Story = {
  parameters: { session: { handlers: [http.get('*/app/orders', () => HttpResponse.json({ detail: 'Session revoked' }, { status: 401 }))] } },
  play: async (context) => {
    const { canvas, userEvent } = context;
    const checksBefore = sessionChecks(context);
    await userEvent.click(canvas.getByRole('button', { name: 'Load my orders' }));
    await expect(await canvas.findByText('Refused (401)')).toBeVisible();
    await waitFor(() => expect(sessionChecks(context)).toBe(checksBefore + 1));
  },
};
