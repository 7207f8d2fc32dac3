import { useId, type ReactNode } from 'react';

export interface DevtoolsSectionProps {
  /** The section's heading. */
  title: string;
  children?: ReactNode;
}

/** A titled section of the developer panel, for an app's own sections (`<SessionDevtools>`'s children). */
export function DevtoolsSection({ title, children }: DevtoolsSectionProps) {
  const id = useId();
  return (
    <section className="sf-devtools-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
