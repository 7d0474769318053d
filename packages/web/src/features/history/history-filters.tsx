import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState } from 'react';
import { queryCategories, type HistoryFilters } from '../../local-db/expense-queries.js';
import { useServices } from '../../session/services-context.js';
import { DateField } from '../../shared/date-field.js';
import { FilterIcon, SearchIcon } from '../../shared/icons.js';

interface HistoryFiltersBarProps {
  readonly walletId: string;
  readonly filters: HistoryFilters;
  readonly onChange: (filters: HistoryFilters) => void;
}

const SEARCH_DELAY_MS = 200;

export function HistoryFiltersBar({ walletId, filters, onChange }: HistoryFiltersBarProps) {
  const id = useId();
  // Opened from the dashboard with filters set: show them.
  const [open, setOpen] = useState(() => Boolean(filters.from ?? filters.to ?? filters.category));
  const [search, setSearch] = useState(filters.q ?? '');
  const active = [filters.from, filters.to, filters.category].filter(Boolean).length;

  useEffect(() => {
    if ((filters.q ?? '') === search) return;
    const timer = setTimeout(() => {
      onChange({ ...filters, q: search });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [search, filters, onChange]);

  return (
    <div role="search" className="filters" aria-label="Filter expenses">
      <div className="filters-row">
        <div className="search-box">
          <SearchIcon size={18} />
          <label htmlFor={`${id}-q`} className="visually-hidden">
            Search notes and categories
          </label>
          <input
            id={`${id}-q`}
            type="search"
            placeholder="Search expenses"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
            }}
          />
        </div>
        <button
          type="button"
          className="button filter-toggle"
          aria-expanded={open}
          aria-controls={`${id}-panel`}
          onClick={() => {
            setOpen(!open);
          }}
        >
          <FilterIcon size={18} />
          <span>Filters{active > 0 ? ` (${String(active)})` : ''}</span>
        </button>
      </div>
      {/* The panel's inputs exist only while it is open: a date input's first render costs a phone
          ~75 ms (its locale-aware fields), and the category list is read only for it. */}
      <div id={`${id}-panel`} className="filters-panel" hidden={!open}>
        {open && (
          <FiltersPanel
            id={id}
            walletId={walletId}
            filters={filters}
            active={active}
            onChange={onChange}
            onClear={() => {
              setSearch('');
              onChange({});
            }}
          />
        )}
      </div>
    </div>
  );
}

interface FiltersPanelProps {
  readonly id: string;
  readonly walletId: string;
  readonly filters: HistoryFilters;
  /** How many of the panel's filters are set. */
  readonly active: number;
  readonly onChange: (filters: HistoryFilters) => void;
  readonly onClear: () => void;
}

function FiltersPanel({ id, walletId, filters, active, onChange, onClear }: FiltersPanelProps) {
  const { db } = useServices();
  const categories = useLiveQuery(() => queryCategories(db, walletId), [db, walletId]);
  // A category set from the dashboard shows while the list is read, and also if no expense
  // uses it any more.
  const names = categories?.map((category) => category.name) ?? [];
  if (filters.category && !names.includes(filters.category)) names.push(filters.category);
  const set = (patch: Partial<HistoryFilters>) => {
    onChange({ ...filters, ...patch });
  };

  return (
    <>
      <DateField
        id={`${id}-from`}
        label="From"
        value={filters.from ?? ''}
        max={filters.to}
        onChange={(from) => {
          set({ from: from || undefined });
        }}
      />
      <DateField
        id={`${id}-to`}
        label="To"
        value={filters.to ?? ''}
        min={filters.from}
        onChange={(to) => {
          set({ to: to || undefined });
        }}
      />
      <div className="field compact">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          value={filters.category ?? ''}
          onChange={(event) => {
            set({ category: event.target.value || undefined });
          }}
        >
          <option value="">All categories</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" disabled={active === 0 && !filters.q} onClick={onClear}>
        Clear filters
      </button>
    </>
  );
}
