import { useEffect, useId, useState } from 'react';
import type { HistoryFilters } from '../../local-db/expense-queries.js';
import type { CategoryRecord } from '../../local-db/records.js';
import { FilterIcon, SearchIcon } from '../../shared/icons.js';

interface HistoryFiltersBarProps {
  readonly filters: HistoryFilters;
  readonly onChange: (filters: HistoryFilters) => void;
  readonly categories: readonly CategoryRecord[];
}

const SEARCH_DELAY_MS = 200;

export function HistoryFiltersBar({ filters, onChange, categories }: HistoryFiltersBarProps) {
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

  const set = (patch: Partial<HistoryFilters>) => {
    onChange({ ...filters, ...patch });
  };

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
      <div id={`${id}-panel`} className="filters-panel" hidden={!open}>
        <div className="field compact">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={filters.from ?? ''}
            max={filters.to}
            onChange={(event) => {
              set({ from: event.target.value || undefined });
            }}
          />
        </div>
        <div className="field compact">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={filters.to ?? ''}
            min={filters.from}
            onChange={(event) => {
              set({ to: event.target.value || undefined });
            }}
          />
        </div>
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
            {categories.map((category) => (
              <option key={category.walletKey} value={category.name}>
                {category.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button"
          disabled={active === 0 && !filters.q}
          onClick={() => {
            setSearch('');
            onChange({});
          }}
        >
          Clear filters
        </button>
      </div>
    </div>
  );
}
