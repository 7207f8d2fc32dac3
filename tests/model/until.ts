import { act } from '@testing-library/react';

/**
 * Waits until `check` passes, looking again after every tick of timers, responses and renders
 * (inside act(), so React renders what the actor did). A state change renders nothing a DOM
 * observer would see, so this polls.
 */
export async function until(check: () => void, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
  }
}

/**
 * Runs `effect` inside act() until the renders, effects and microtasks it starts have settled.
 * (Testing Library keeps the act environment on for an async callback only.)
 */
export const actOn = (effect: () => void): Promise<void> => act(async () => effect());
