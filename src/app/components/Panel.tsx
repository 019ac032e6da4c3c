/** A titled section of the studio layout. */
import type { ReactNode } from "react";

export function Panel({ title, actions, children, className = "" }: { title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`panel ${className}`} aria-label={title}>
      <header className="panel-head"><h2>{title}</h2>{actions}</header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
