/** What play functions check, as a user sees it. */
import { expect, waitFor } from 'storybook/test';

type Canvas = {
  getByTestId(id: string): HTMLElement;
  getByLabelText(text: string): HTMLElement;
  getByRole(role: string, options?: { name?: string }): HTMLElement;
};
type User = { type(el: Element, text: string): Promise<void>; click(el: Element): Promise<void>; clear(el: Element): Promise<void> };

/** Waits until the session badge shows `status` (the badge's `session-status`). */
export const expectStatus = (canvas: Canvas, status: string, timeout = 3000) =>
  waitFor(() => expect(canvas.getByTestId('session-status')).toHaveTextContent(new RegExp(`^${status}$`)), { timeout });

/** The session id the badge shows. */
export const shownSessionId = (canvas: Canvas) => canvas.getByTestId('session-id').textContent ?? '';

/** Waits until the story's address bar shows `path`. */
export const expectLocation = (canvas: Canvas, path: string, timeout = 3000) =>
  waitFor(() => expect(canvas.getByLabelText('Location')).toHaveValue(path), { timeout });

/** Lets `ms` pass, to show that something does not change. */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fills in the login form (fields `Email`, `Password`) and presses `Sign in`, as a user would. */
export async function signIn(canvas: Canvas, user: User, credentials: { email: string; password: string }) {
  await user.clear(canvas.getByLabelText('Email'));
  await user.type(canvas.getByLabelText('Email'), credentials.email);
  await user.clear(canvas.getByLabelText('Password'));
  await user.type(canvas.getByLabelText('Password'), credentials.password);
  await user.click(canvas.getByRole('button', { name: 'Sign in' }));
}
