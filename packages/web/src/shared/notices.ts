/** Short messages shown in the snackbar, optionally with one action (e.g. Undo). */
export interface Notice {
  readonly id: number;
  readonly message: string;
  readonly action?: { readonly label: string; readonly run: () => void };
  readonly durationMs: number;
}

type Listener = () => void;

export class NoticeStore {
  #current: Notice | null = null;
  #nextId = 1;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #listeners = new Set<Listener>();

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly get = (): Notice | null => this.#current;

  show(message: string, options: { action?: Notice['action']; durationMs?: number } = {}): number {
    const notice: Notice = {
      id: this.#nextId++,
      message,
      durationMs: options.durationMs ?? 4000,
      ...(options.action ? { action: options.action } : {}),
    };
    this.#set(notice);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.dismiss(notice.id);
    }, notice.durationMs);
    return notice.id;
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#set(null);
  }

  dismiss(id: number): void {
    if (this.#current?.id === id) this.#set(null);
  }

  #set(notice: Notice | null): void {
    this.#current = notice;
    for (const listener of this.#listeners) listener();
  }
}

export const notices = new NoticeStore();
