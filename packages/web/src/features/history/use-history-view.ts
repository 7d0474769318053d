import { useLiveQuery } from 'dexie-react-hooks';
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import {
  HISTORY_FIRST_PAGE,
  HISTORY_PAGE_SIZE,
  expensesRevision,
  queryHistory,
  queryHistoryPage,
  queryHistoryStart,
  repairMonthTotals,
  type HistoryFilters,
} from '../../local-db/expense-queries.js';
import type { LocalDb } from '../../local-db/local-db.js';
import { monthGroupsFromTotals, monthGroupsOf, monthsFit, type HistoryView } from './month-groups.js';

interface Read extends HistoryView {
  readonly walletId: string;
  readonly filtered: boolean;
  /** False while entries remain to be read after `expenses`. */
  readonly complete: boolean;
}

export function isFiltered(filters: HistoryFilters): boolean {
  return Boolean(filters.from ?? filters.to ?? filters.category ?? filters.q);
}

async function readOpening(db: LocalDb, walletId: string, filters: HistoryFilters, count: number): Promise<Read> {
  if (isFiltered(filters)) {
    const expenses = await queryHistory(db, walletId, filters);
    return { walletId, filtered: true, months: monthGroupsOf(expenses), expenses, complete: true };
  }
  const opened = async () => {
    const start = await queryHistoryStart(db, walletId, count);
    const months = monthGroupsFromTotals(start.months);
    return { months, rows: start.rows, fit: monthsFit(months, start.rows, start.stored) };
  };
  let start = await opened();
  // Totals out of step with the rows (written by a tab still on the app from before them) are
  // built again from the rows, once, before the history is shown.
  if (!start.fit) {
    await repairMonthTotals(db, walletId);
    start = await opened();
  }
  return { walletId, filtered: false, months: start.months, expenses: start.rows, complete: start.rows.length < count };
}

export interface HistoryReader {
  /** Undefined until the wallet's first read; another wallet's rows are never in it. */
  readonly view: HistoryView | undefined;
  /** Asks for the entries up to this position (newest first) to be read, as the list scrolls near it. */
  readonly readTo: (position: number) => void;
}

/**
 * A wallet's history from the local store, read again after every write to the expenses (see
 * expensesRevision). Unfiltered, it opens with the month totals the store keeps and the newest
 * entries only, so opening costs the same for 10 entries or 10,000; further entries are read a
 * page at a time (each a short task) only as the list scrolls towards them. A re-read after a
 * write reads as many as were already on hand, so the list does not shrink under the user.
 * Filtered, it reads every matching entry at once: the totals then come from those rows.
 */
export function useHistoryView(db: LocalDb, walletId: string, filters: HistoryFilters): HistoryReader {
  const revision = useLiveQuery(() => expensesRevision(db), [db]);
  const [read, setRead] = useState<Read | { readonly error: unknown }>();
  // How far the list has asked to read, per wallet: another wallet starts from its first read.
  const [wanted, setWanted] = useState({ walletId, position: 0 });
  const onHand = useRef({ walletId, count: 0 });
  const continuing = useRef<Read>(null);

  useEffect(() => {
    if (revision === undefined) return;
    let current = true;
    const known = onHand.current.walletId === walletId ? onHand.current.count : 0;
    readOpening(db, walletId, filters, Math.max(HISTORY_FIRST_PAGE, known)).then(
      (opened) => {
        // A transition: React renders the list in slices and yields between them, instead of
        // one long task the page cannot answer a tap during.
        if (current) {
          startTransition(() => {
            setRead(opened);
          });
        }
      },
      (error: unknown) => {
        if (current) setRead({ error });
      },
    );
    return () => {
      current = false;
    };
  }, [db, walletId, filters, revision]);

  useEffect(() => {
    if (!read || 'error' in read) return;
    if (!read.filtered) onHand.current = { walletId: read.walletId, count: read.expenses.length };
    const position = wanted.walletId === read.walletId ? wanted.position : 0;
    if (read.complete || read.expenses.length > position || continuing.current === read) return;
    continuing.current = read;
    queryHistoryPage(db, read.walletId, read.expenses, HISTORY_PAGE_SIZE).then(
      (page) => {
        // Only onto the read it continues: a newer opening read replaces both.
        startTransition(() => {
          setRead((latest) =>
            latest === read
              ? { ...read, expenses: [...read.expenses, ...page], complete: page.length < HISTORY_PAGE_SIZE }
              : latest,
          );
        });
      },
      (error: unknown) => {
        setRead((latest) => (latest === read ? { error } : latest));
      },
    );
  }, [db, read, wanted]);

  const readTo = useCallback(
    (position: number) => {
      setWanted((current) =>
        current.walletId !== walletId
          ? { walletId, position }
          : position > current.position
            ? { walletId, position }
            : current,
      );
    },
    [walletId],
  );

  if (read && 'error' in read) throw read.error;
  return { view: read?.walletId === walletId ? read : undefined, readTo };
}
