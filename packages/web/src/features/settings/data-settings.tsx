import type { ImportResult } from '@ttm/contract';
import { useId, useRef, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../session/services-context.js';
import type { HistoryFilters } from '../../local-db/expense-queries.js';
import type { WalletRecord } from '../../local-db/records.js';
import { notices } from '../../shared/notices.js';
import { describeLoadError } from '../../session/use-server-data.js';
import { historyFilters } from '../history/index.js';
import { ReceiptsExportCard } from '../receipts/index.js';
import {
  DEFAULT_IMPORT_OPTIONS,
  downloadCsv,
  importCsv,
  MAX_IMPORT_BYTES,
  saveFile,
  type ImportOptions,
} from './csv-transfer.js';
import { ImportPreview } from './import-preview.js';
import './settings.css';

interface DataSettingsProps {
  readonly wallet: WalletRecord;
}

/** Export and import, shown on the account screen. */
export function DataSettings({ wallet }: DataSettingsProps) {
  return (
    <>
      <ExportCard wallet={wallet} />
      <ReceiptsExportCard walletId={wallet.id} walletName={wallet.name} />
      {/* A preview belongs to the wallet it was checked against: switching wallets starts over. */}
      <ImportCard key={wallet.id} wallet={wallet} />
    </>
  );
}

function filtersText(filters: HistoryFilters): string | null {
  const parts: string[] = [];
  if (filters.from && filters.to) parts.push(`${filters.from} to ${filters.to}`);
  else if (filters.from) parts.push(`from ${filters.from}`);
  else if (filters.to) parts.push(`until ${filters.to}`);
  if (filters.category) parts.push(`category “${filters.category}”`);
  if (filters.q?.trim()) parts.push(`matching “${filters.q.trim()}”`);
  return parts.length > 0 ? parts.join(', ') : null;
}

function ExportCard({ wallet }: DataSettingsProps) {
  const { api } = useServices();
  const filters = useSyncExternalStore(historyFilters.subscribe, () => historyFilters.get(wallet.id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const applied = filtersText(filters);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await downloadCsv(api, wallet.id, filters);
      saveFile(file);
      notices.show(`Downloaded ${file.filename}`);
    } catch (failure) {
      setError(describeLoadError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card data-card" aria-labelledby="export-title">
      <h2 id="export-title">Export to CSV</h2>
      <p className="muted">
        A spreadsheet-ready file of <strong>{wallet.name}</strong>: date, amount, currency, category and note.
      </p>
      <p className="export-scope" data-testid="export-scope">
        {applied ? (
          <>Only the expenses the history is filtered to: {applied}.</>
        ) : (
          'All expenses. Filter the history first to export part of it.'
        )}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button primary" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing…' : 'Download CSV'}
      </button>
    </div>
  );
}

type ImportStep =
  | { readonly step: 'idle' }
  | { readonly step: 'checking'; readonly name: string }
  | { readonly step: 'preview'; readonly name: string; readonly text: string; readonly result: ImportResult }
  | { readonly step: 'importing'; readonly name: string; readonly text: string; readonly result: ImportResult }
  | { readonly step: 'done'; readonly name: string; readonly result: ImportResult }
  | { readonly step: 'failed'; readonly name: string; readonly message: string };

function ImportCard({ wallet }: DataSettingsProps) {
  const { api, sync } = useServices();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_IMPORT_OPTIONS);
  const [state, setState] = useState<ImportStep>({ step: 'idle' });
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  // The options matter when a dry run stumbles on dates or amounts, or skipped credits: open them then.
  const [showOptions, setShowOptions] = useState(false);
  const readOnly = wallet.role === 'viewer';

  // Options can change while a dry run is under way: only the latest one's answer is shown.
  const latestCheck = useRef(0);

  const check = async (chosen: { name: string; text: string }, checkOptions: ImportOptions) => {
    const attempt = ++latestCheck.current;
    setState({ step: 'checking', name: chosen.name });
    try {
      const result = await importCsv(api, wallet.id, chosen.text, checkOptions, true);
      if (attempt !== latestCheck.current) return;
      setState({ step: 'preview', name: chosen.name, text: chosen.text, result });
      if (result.errors.length > 0 || result.skippedCredits > 0) setShowOptions(true);
    } catch (failure) {
      if (attempt !== latestCheck.current) return;
      setState({ step: 'failed', name: chosen.name, message: describeLoadError(failure) });
    }
  };

  const choose = async (picked: File | undefined) => {
    if (!picked) return;
    if (picked.size > MAX_IMPORT_BYTES) {
      setFile(null);
      setState({
        step: 'failed',
        name: picked.name,
        message: 'This file is larger than 20 MB. Split it and import the parts.',
      });
      return;
    }
    const chosen = { name: picked.name, text: await picked.text() };
    setFile(chosen);
    await check(chosen, options);
  };

  const changeOptions = (patch: Partial<ImportOptions>) => {
    const next = { ...options, ...patch };
    setOptions(next);
    if (file) void check(file, next);
  };

  const confirm = async () => {
    if (state.step !== 'preview') return;
    setState({ ...state, step: 'importing' });
    try {
      const result = await importCsv(api, wallet.id, state.text, options, false);
      setState({ step: 'done', name: state.name, result });
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      void sync.refresh(wallet.id);
    } catch (failure) {
      setState({ step: 'failed', name: state.name, message: describeLoadError(failure) });
    }
  };

  const reset = () => {
    latestCheck.current += 1;
    setState({ step: 'idle' });
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
  };

  const preview = state.step === 'preview' || state.step === 'importing' ? state.result : null;

  return (
    <div className="card data-card" aria-labelledby="import-title">
      <h2 id="import-title">Import from CSV</h2>
      <p className="muted">
        Bring in a bank statement or another app’s export. You see what would be imported before anything is written;
        rows imported before are recognised and skipped.
      </p>
      {readOnly ? (
        <p className="banner">You can view this wallet but not import into it.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-file`}>CSV file</label>
            <input
              ref={fileRef}
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv,text/plain"
              className="file-input"
              onChange={(event) => void choose(event.target.files?.[0])}
            />
          </div>
          <details
            className="import-options"
            open={showOptions}
            onToggle={(event) => {
              setShowOptions(event.currentTarget.open);
            }}
          >
            <summary>Options</summary>
            <div className="import-options-grid">
              <div className="field compact">
                <label htmlFor={`${id}-dates`}>Dates are written</label>
                <select
                  id={`${id}-dates`}
                  value={options.dateFormat ?? ''}
                  onChange={(event) => {
                    const value = event.target.value;
                    changeOptions({ dateFormat: value === 'ymd' || value === 'dmy' || value === 'mdy' ? value : null });
                  }}
                >
                  <option value="">Detect automatically</option>
                  <option value="dmy">Day / month / year (31/12/2026)</option>
                  <option value="mdy">Month / day / year (12/31/2026)</option>
                  <option value="ymd">Year-month-day (2026-12-31)</option>
                </select>
              </div>
              <div className="field compact">
                <label htmlFor={`${id}-decimal`}>Decimal mark</label>
                <select
                  id={`${id}-decimal`}
                  value={options.decimalSeparator ?? ''}
                  onChange={(event) => {
                    const value = event.target.value;
                    changeOptions({ decimalSeparator: value === '.' || value === ',' ? value : null });
                  }}
                >
                  <option value="">Detect automatically</option>
                  <option value=".">Point (1,234.56)</option>
                  <option value=",">Comma (1.234,56)</option>
                </select>
              </div>
              <label className="check-field">
                <input
                  type="checkbox"
                  checked={options.includeCredits}
                  onChange={(event) => {
                    changeOptions({ includeCredits: event.target.checked });
                  }}
                />
                <span>Import credits (money coming in) as income</span>
              </label>
            </div>
          </details>
          <div className="import-status" aria-live="polite">
            {state.step === 'checking' && <p className="muted">Checking {state.name}…</p>}
            {state.step === 'failed' && (
              <p className="form-error" role="alert">
                {state.name}: {state.message}
              </p>
            )}
            {state.step === 'done' && (
              <div className="import-done" role="status">
                <p>
                  <strong>
                    Imported {state.result.imported === 1 ? '1 expense' : `${String(state.result.imported)} expenses`}
                  </strong>{' '}
                  from {state.name}.
                  {state.result.duplicates > 0 && ` ${String(state.result.duplicates)} already imported, skipped.`}
                  {state.result.skippedCredits > 0 && ` ${String(state.result.skippedCredits)} credits skipped.`}
                </p>
                <button type="button" className="button small" onClick={reset}>
                  Import another file
                </button>
              </div>
            )}
          </div>
          {preview && (state.step === 'preview' || state.step === 'importing') && (
            <ImportPreview
              name={state.name}
              result={preview}
              busy={state.step === 'importing'}
              onConfirm={() => void confirm()}
              onCancel={reset}
            />
          )}
        </>
      )}
    </div>
  );
}
