import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FASTAPI_PYTHON, startFastApi } from './support/fastApiServer.ts';

const ABSOLUTE_SECONDS = 2;

async function createSession(url: string): Promise<{ id: string; token: string; created: number; expires: number }> {
  const response = await fetch(`${url}/api/session/create-anonymous`, { method: 'POST' });
  const body = (await response.json()) as { session: { session_id: string; created_at: string; expires_at: string }; session_token: string };
  return {
    id: body.session.session_id,
    token: body.session_token,
    created: Date.parse(body.session.created_at),
    expires: Date.parse(body.session.expires_at),
  };
}

async function statusOf(url: string, session: { id: string; token: string }): Promise<number> {
  const response = await fetch(`${url}/api/session/${session.id}`, { headers: { 'X-Session-Token': session.token } });
  await response.body?.cancel();
  return response.status;
}

describe('the reference FastAPI app (what check-backend cannot see from outside)', () => {
  it('ends a session at its absolute lifetime although its idle timeout is far off (SESSION_ABSOLUTE_SECONDS)', async () => {
    const server = await startFastApi({ absoluteSeconds: ABSOLUTE_SECONDS, idleSeconds: 600 });
    try {
      const session = await createSession(server.url);
      const whileYoung = await statusOf(server.url, session);
      await new Promise((resolve) => setTimeout(resolve, session.expires - Date.now() + 300));

      const afterLifetime = await statusOf(server.url, session);

      expect(session.expires - session.created).toBe(ABSOLUTE_SECONDS * 1000);
      expect(whileYoung).toBe(200);
      expect(afterLifetime).toBe(404);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('without FastAPI, fails with one line that says how to install it, and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-fastapi-'));
    // -S leaves out site-packages and dist-packages: a Python with no FastAPI.
    const pythonWithoutPackages = join(dir, 'python3');
    writeFileSync(pythonWithoutPackages, `#!/bin/sh\nexec ${FASTAPI_PYTHON} -S "$@"\n`);
    chmodSync(pythonWithoutPackages, 0o755);
    try {
      const failure = await startFastApi({}, pythonWithoutPackages).then(
        () => null,
        (error: unknown) => error as Error,
      );

      expect(failure?.message).toMatch(/^FastAPI is not installed for \S+ \(No module named '(fastapi|uvicorn)'\): apt-get install -y python3-fastapi python3-uvicorn$/);
      expect(failure?.stack).toBe(failure?.message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
