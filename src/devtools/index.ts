/**
 * `session-first/devtools`: the developer panel as one drop-in component, with its own styles.
 * Import it only where you want the panel: nothing of it is part of `session-first` or
 * `session-first/react`.
 */
export { SessionDevtools, type SessionDevtoolsProps } from './SessionDevtools.tsx';
export { DevtoolsSection, type DevtoolsSectionProps } from './DevtoolsSection.tsx';
