import { useEffect, useState } from 'react';

/** A module imported on first use, whose value can be read synchronously once it has arrived. */
export interface DeferredModule<T> {
  /** Starts the import, or joins the one in flight; a failed import is tried again by the next call. */
  readonly load: () => Promise<T>;
  /** The module, if it has arrived. */
  readonly current: () => T | undefined;
}

export function deferredModule<T>(importer: () => Promise<T>): DeferredModule<T> {
  let loaded: T | undefined;
  let pending: Promise<T> | undefined;
  return {
    load: () => {
      pending ??= importer().then(
        (module) => (loaded = module),
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
    current: () => loaded,
  };
}

/**
 * The module once it has arrived, `undefined` until then (the import starts after the first
 * commit). Unlike `React.lazy`, rendering never suspends: for UI that is simply absent until its
 * code is here, where a suspended render would throw away and redo the work around it.
 */
export function useDeferredModule<T>(deferred: DeferredModule<T>): T | undefined {
  const [module, setModule] = useState<{ readonly value: T } | undefined>(() => {
    const value = deferred.current();
    return value === undefined ? undefined : { value };
  });
  useEffect(() => {
    if (module) return;
    let mounted = true;
    deferred.load().then(
      (value) => {
        if (mounted) setModule({ value });
      },
      () => undefined, // offline before the file was cached: the UI stays absent, as it was
    );
    return () => {
      mounted = false;
    };
  }, [deferred, module]);
  return module?.value;
}
