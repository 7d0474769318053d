/**
 * Runs `task` in a task of its own once the browser is idle, or after `timeoutMs` at the latest
 * (Safari has no requestIdleCallback: there it waits `fallbackMs`). Startup work that no screen
 * waits for goes here, so it never lengthens the tasks that render the first screen. Returns a
 * function that cancels the task if it has not run yet.
 */
export function whenIdle(task: () => void, timeoutMs: number, fallbackMs = 200): () => void {
  if ('requestIdleCallback' in globalThis) {
    const handle = requestIdleCallback(task, { timeout: timeoutMs });
    return () => {
      cancelIdleCallback(handle);
    };
  }
  const handle = setTimeout(task, fallbackMs);
  return () => {
    clearTimeout(handle);
  };
}

/** Runs each step in a task of its own, in order, so a chain of startup work yields between steps. */
export function inSeparateTasks(steps: readonly (() => void)[]): void {
  const [first, ...rest] = steps;
  if (!first) return;
  setTimeout(() => {
    try {
      first();
    } finally {
      inSeparateTasks(rest);
    }
  }, 0);
}

/** Resolves in a later task, after the tasks already queued, so input can be handled in between. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
