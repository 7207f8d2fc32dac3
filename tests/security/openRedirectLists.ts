/**
 * The public open-redirect payload lists of the project's shared test data (one payload per line;
 * see SOURCES.md next to them), read where they are rather than copied into the repository.
 * `OPEN_REDIRECT_PAYLOADS` points elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPEN_REDIRECT_LISTS = process.env.OPEN_REDIRECT_PAYLOADS ?? '/work/shared/data/open-redirect-payloads';

/** Every distinct payload of every `.txt` list, in file order; empty when the folder is missing. */
export function openRedirectLists(folder = OPEN_REDIRECT_LISTS): string[] {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder).filter((name) => name.endsWith('.txt')).sort();
  const lines = files.flatMap((name) => readFileSync(join(folder, name), 'utf8').split(/\r?\n/));
  return [...new Set(lines.filter((line) => line.trim() !== ''))];
}
