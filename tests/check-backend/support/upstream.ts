/**
 * The working backend that the broken-backend proxies stand in front of. Today it is the
 * reference FastAPI app; any server of the contract with CORS for {@link UPSTREAM_ORIGIN} and
 * a 30-minute idle timeout can take its place here.
 */
import { startFastApi } from './fastApiServer.ts';

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
  const server = await startFastApi({ corsOrigin: UPSTREAM_ORIGIN });
  return { url: server.url, origin: UPSTREAM_ORIGIN, close: () => server.close() };
}
