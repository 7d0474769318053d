import { ApiError, NetworkError } from '@ttm/contract';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { SessionExpiredError } from '../api/session-errors.js';
import { useServices } from './services-context.js';

export type ServerData<T> =
  | { readonly state: 'loading'; readonly data?: T }
  | { readonly state: 'ready'; readonly data: T }
  | { readonly state: 'failed'; readonly message: string; readonly data?: T };

/**
 * Changes whenever the server may have new totals for what this device shows: a pull has
 * finished, or the last queued local write has been sent. Screens that read server-side
 * aggregates (summaries, budgets) fetch again on it.
 */
export function useServerChangeKey(): string {
  const { db, sync } = useServices();
  const lastSyncedAt = useSyncExternalStore(sync.status.subscribe, () => sync.status.get().lastSyncedAt);
  const waiting = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  return `${String(lastSyncedAt)}|${waiting === 0 ? 'sent' : 'waiting'}`;
}

/** Human words for a failed read; the screens show them with a retry button. */
export function describeLoadError(error: unknown): string {
  if (error instanceof NetworkError || !navigator.onLine) return 'You are offline. These figures need a connection.';
  if (error instanceof SessionExpiredError) return 'Your session has ended. Sign in again.';
  if (error instanceof ApiError) return error.problem.detail;
  return 'Something went wrong loading this. Please try again.';
}

/**
 * Reads something from the server while a screen is shown. Keeps the last answer while a new
 * one loads (no flicker when the period changes) and drops answers to superseded requests.
 */
export function useServerData<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): ServerData<T> & { readonly reload: () => void } {
  const [result, setResult] = useState<{ key: string | null; value: ServerData<T> }>({
    key: null,
    value: { state: 'loading' },
  });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setResult((previous) => ({
      key,
      value: { state: 'loading', ...(previous.value.data === undefined ? {} : { data: previous.value.data }) },
    }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ key, value: { state: 'ready', data } });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult((previous) => ({
          key,
          value: {
            state: 'failed',
            message: describeLoadError(error),
            ...(previous.value.data === undefined ? {} : { data: previous.value.data }),
          },
        }));
      },
    );
    return () => {
      controller.abort();
    };
    // `load` is a fresh closure each render; `key` says when it asks for something else.
  }, [key, attempt]);

  return { ...result.value, reload };
}
