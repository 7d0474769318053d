import { categoryKey } from '@ttm/contract';
import { useId } from 'react';
import type { CategoryRecord } from '../../local-db/records.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';

interface CategoryPickerProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly categories: readonly CategoryRecord[];
  readonly error: string | undefined;
  readonly inputId: string;
}

const QUICK_PICKS = 8;

/** Free text with the wallet's categories offered: the most used as one-tap chips, all in a list. */
export function CategoryPicker({ value, onChange, categories, error, inputId }: CategoryPickerProps) {
  const listId = useId();
  const errorId = `${inputId}-error`;
  const chosen = categoryKey(value);
  return (
    <div className="field">
      <label htmlFor={inputId}>Category</label>
      <input
        id={inputId}
        type="text"
        list={listId}
        autoComplete="off"
        autoCapitalize="sentences"
        enterKeyHint="next"
        maxLength={64}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        {...invalidProps(error, errorId)}
      />
      <datalist id={listId}>
        {categories.map((category) => (
          <option key={category.walletKey} value={category.name} />
        ))}
      </datalist>
      <div className="chips" role="group" aria-label="Frequent categories">
        {categories.slice(0, QUICK_PICKS).map((category) => (
          <button
            key={category.walletKey}
            type="button"
            className="chip"
            aria-pressed={chosen === categoryKey(category.name)}
            onClick={() => {
              onChange(category.name);
            }}
          >
            {category.name}
          </button>
        ))}
      </div>
      <FieldError id={errorId} message={error} />
    </div>
  );
}
