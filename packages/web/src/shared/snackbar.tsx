import { useSyncExternalStore } from 'react';
import { notices } from './notices.js';

/** The one snackbar: announced politely, its action reachable by keyboard. */
export function Snackbar() {
  const notice = useSyncExternalStore(notices.subscribe, notices.get);
  return (
    <div className="snackbar-region" role="status" aria-live="polite">
      {notice && (
        <div className="snackbar" key={notice.id}>
          <span>{notice.message}</span>
          {notice.action && (
            <button
              type="button"
              className="snackbar-action"
              onClick={() => {
                notice.action?.run();
                notices.dismiss(notice.id);
              }}
            >
              {notice.action.label}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
