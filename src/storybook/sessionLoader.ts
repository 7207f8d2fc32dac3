import { readSessionParameters, type SessionParameters } from './sessionParameters.ts';
import { putInState, startStorySession, type StoryRun, type StorySession } from './startStorySession.ts';
import { startStoryNetwork } from './storyNetwork.ts';

/** Where the loader puts the story's session in Storybook's `loaded`. */
const LOADED_KEY = 'sessionFirst';

/** What the loader reads of Storybook's story context (its own type is not needed at run time). */
export interface SessionLoaderContext {
  id: string;
  viewMode: string;
  args: Readonly<Record<string, unknown>>;
  parameters: { session?: SessionParameters };
  globals: Readonly<Record<string, unknown>>;
}

const running: StoryRun[] = [];

/**
 * Ends the page loads the new one replaces: in a story's own page, every earlier one; on a docs
 * page (several stories at once), the earlier loads of the same story and any story page's.
 */
function stopReplaced(storyId: string, viewMode: string): void {
  for (const run of [...running]) {
    if (viewMode === 'docs' && run.viewMode === 'docs' && run.storyId !== storyId) continue;
    run.stop();
    running.splice(running.indexOf(run), 1);
  }
}

/**
 * Storybook loader (`loaders: [sessionLoader]` in `.storybook/preview.tsx`): before every render
 * of a story, a new page load with a session in the state `parameters.session` asks for, over a
 * mock backend of its own served by the preview's MSW worker. The toolbar global
 * `sessionScenario` overrides the story's scenario. See {@link SessionParameters}.
 */
export async function sessionLoader(context: SessionLoaderContext): Promise<Record<typeof LOADED_KEY, StorySession>> {
  const setup = readSessionParameters(context.parameters.session, context.args, context.globals.sessionScenario);
  await startStoryNetwork(setup.serviceWorkerUrl);
  stopReplaced(context.id, context.viewMode);
  const run = await startStorySession(setup, { storyId: context.id, viewMode: context.viewMode });
  running.push(run);
  await putInState(run, setup);
  return { [LOADED_KEY]: run };
}

/** The story's page load as the loader made it, for the decorator. */
export function storyRunOf(context: { loaded: Readonly<Record<string, unknown>> }): StoryRun {
  const run = context.loaded[LOADED_KEY] as StoryRun | undefined;
  if (!run) throw new Error('session-first/storybook: this story has no session; add `loaders: [sessionLoader]` next to `decorators: [sessionDecorator]` in .storybook/preview.tsx');
  return run;
}

/**
 * The story's session, for play functions: `const { actor, backend } = sessionOf(context)`.
 * Throws when the story was not loaded by {@link sessionLoader}.
 */
export function sessionOf(context: { loaded: Readonly<Record<string, unknown>> }): StorySession {
  return storyRunOf(context);
}
