import { useLayoutEffect, type ComponentType, type ReactElement } from 'react';
import { useNavigate } from 'react-router';
import type { NavigationHold } from './navigationHold.ts';
import { SessionRouter } from './SessionRouter.tsx';
import { storyRunOf } from './sessionLoader.ts';

/** Gives held navigations the story's router to go to once they are released. */
function HeldNavigationsTarget({ navigation }: { navigation: NavigationHold }) {
  const navigate = useNavigate();
  useLayoutEffect(() => navigation.connectRouter((to, options) => void navigate(to, options)), [navigation, navigate]);
  return null;
}

/**
 * Storybook decorator (`decorators: [sessionDecorator]` in `.storybook/preview.tsx`): renders the
 * story in a router at `parameters.session.path`, inside the session providers, with the session
 * of {@link sessionLoader}. Every load remounts it: a new page.
 */
export function sessionDecorator(Story: ComponentType, context: { loaded: Readonly<Record<string, unknown>> }): ReactElement {
  const run = storyRunOf(context);
  return (
    <SessionRouter key={run.id} actor={run.actor} initialPath={run.path}>
      {run.navigation && <HeldNavigationsTarget navigation={run.navigation} />}
      <Story />
    </SessionRouter>
  );
}
