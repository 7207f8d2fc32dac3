import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { mockBackend } from '../../mocks/index.ts';
import { server } from '../../mocks/node.ts';
import { createSession, getSession } from '../support/api.ts';

describe('the test setup (tests/setup/node.ts)', () => {
  it('lets a test override a handler with an off-contract answer without failing the contract check', async () => {
    server.use(http.get('*/api/session/:session_id', () => HttpResponse.text('upstream exploded', { status: 502 })));

    const answer = await getSession('ses_any', 'token');

    expect(answer.status).toBe(502);
    expect(answer.text).toBe('upstream exploded');
    // The override is not the mock backend: it is neither logged nor contract-checked.
    expect(mockBackend.requestLog.count()).toBe(0);
  });

  it('drops the override after the test', async () => {
    const created = await createSession();

    const answer = await getSession(created.session.session_id, created.session_token);

    expect(answer.status).toBe(200);
  });

  it('answers a path under /api/ that the contract lacks with 404, as FastAPI does, instead of the network', async () => {
    const answer = await fetch('http://localhost/api/unknown');

    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ detail: 'Not Found' });
  });

  it('fails a request outside /api/ and /__mock/ instead of letting it reach the network', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(fetch('http://localhost/elsewhere')).rejects.toThrow();

      expect(String(consoleError.mock.calls[0]?.[0])).toMatch(/without a matching request handler/);
    } finally {
      consoleError.mockRestore();
    }
  });
});
