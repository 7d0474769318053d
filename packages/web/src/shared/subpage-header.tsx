import type { ReactNode } from 'react';

interface SubpageHeaderProps {
  readonly titleId: string;
  readonly title: string;
  /** Where the back link leads, e.g. "Dashboard". */
  readonly backLabel: string;
  readonly onBack: () => void;
  /** The screen's main action (an "Add" button), when the user may take it. */
  readonly action?: ReactNode;
}

/** The header of a screen opened from another: a back link above the title, the action beside it. */
export function SubpageHeader({ titleId, title, backLabel, onBack, action }: SubpageHeaderProps) {
  return (
    <div className="page-header">
      <div>
        <button type="button" className="back-link" onClick={onBack}>
          ← {backLabel}
        </button>
        <h1 id={titleId}>{title}</h1>
      </div>
      {action}
    </div>
  );
}
