import { useSyncExternalStore } from 'react';
import { appUpdate } from './app-update.js';

/** Shown when a new version has been downloaded; it takes over only when the user says so. */
export function UpdateBanner() {
  const ready = useSyncExternalStore(appUpdate.subscribe, appUpdate.isReady);
  if (!ready) return null;
  return (
    <div className="update-banner" role="status">
      <span>A new version is ready.</span>
      <button
        type="button"
        className="button small"
        onClick={() => {
          appUpdate.apply();
        }}
      >
        Reload
      </button>
    </div>
  );
}
