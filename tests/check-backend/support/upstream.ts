/**
 * The working backend that the broken-backend proxies stand in front of: the project's own mock
 * over HTTP (`startMockServer`), in this process, with CORS for {@link UPSTREAM_ORIGIN} and the
 * default 30-minute idle timeout. The reference FastAPI app passes the same checks
 * (reference.test.ts), so either can stand here.
 */
import { startMockServer } from '../../../mocks/index.ts';

/** The web origin the upstream allows by CORS. */
export const UPSTREAM_ORIGIN = 'http://app.example.test';

/** A running upstream. */
export interface Upstream {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Starts a working backend of the contract on a free port. */
export async function startUpstream(): Promise<Upstream> {
  const server = await startMockServer({ port: 0, host: '127.0.0.1', cors: UPSTREAM_ORIGIN });
  return { url: server.url, origin: UPSTREAM_ORIGIN, close: () => server.close() };
}
