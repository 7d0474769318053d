type Listener = () => void;

let ready = false;
let applyUpdate: (() => void) | null = null;
const listeners = new Set<Listener>();

/** State of a waiting service-worker update, fed by the registration. */
export const appUpdate = {
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  isReady: (): boolean => ready,
  offer(apply: () => void): void {
    ready = true;
    applyUpdate = apply;
    for (const listener of listeners) listener();
  },
  apply(): void {
    applyUpdate?.();
  },
};
