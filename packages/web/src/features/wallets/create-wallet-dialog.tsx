import { useId, useState, type SubmitEvent } from 'react';
import { useServices } from '../../session/services-context.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { createWallet, describeWalletError, fieldErrorsOf } from '../../sync/wallet-actions.js';
import { FieldError, invalidProps } from '../../shared/field-error.js';
import { FormActions } from '../../shared/form-actions.js';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'];

interface CreateWalletDialogProps {
  readonly defaultCurrency: string;
  readonly onClose: () => void;
  readonly onCreated: (walletId: string) => void;
}

export function CreateWalletDialog({ defaultCurrency, onClose, onCreated }: CreateWalletDialogProps) {
  const { db, api } = useServices();
  const id = useId();
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const options = CURRENCIES.includes(defaultCurrency) ? CURRENCIES : [defaultCurrency, ...CURRENCIES];

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'Give the wallet a name.' });
      return;
    }
    setBusy(true);
    try {
      const wallet = await createWallet({ db, api }, name.trim(), currency);
      onCreated(wallet.id);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(Object.keys(fields).length > 0 ? fields : { form: describeWalletError(error) });
      setBusy(false);
    }
  };

  return (
    <ModalDialog title="New shared wallet" onClose={onClose}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <p className="muted dialog-lead">
          A wallet for a household or a trip. You will be its owner and can invite others by email.
        </p>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            data-autofocus
            type="text"
            maxLength={100}
            autoComplete="off"
            placeholder="e.g. Household, Trip to Lisbon"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setErrors({});
            }}
            {...invalidProps(errors.name, `${id}-name-error`)}
          />
          <FieldError id={`${id}-name-error`} message={errors.name} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-currency`}>Currency</label>
          <select
            id={`${id}-currency`}
            value={currency}
            onChange={(event) => {
              setCurrency(event.target.value);
            }}
            aria-invalid={errors.currency ? true : undefined}
            aria-describedby={`${id}-currency-hint`}
          >
            {options.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
          <p id={`${id}-currency-hint`} className="field-hint">
            {errors.currency ?? 'Every expense in the wallet uses it; it cannot be changed later.'}
          </p>
        </div>
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <FormActions busy={busy} onCancel={onClose} submitLabel="Create wallet" busyLabel="Creating…" />
      </form>
    </ModalDialog>
  );
}
