import { walletEndpoints, type RecurringRule } from '@ttm/contract';
import { useState } from 'react';
import type { WalletRecord } from '../../local-db/records.js';
import { formatDay } from '../../locale/date-format.js';
import { formatMoney } from '../../locale/money-format.js';
import { wireToMinor } from '../../locale/wire-amount.js';
import type { Route } from '../../platform/use-route.js';
import { useServices } from '../../session/services-context.js';
import { useServerData } from '../../session/use-server-data.js';
import { notices } from '../../shared/notices.js';
import { LoadError } from '../../shared/load-error.js';
import { describeRuleError, fetchRules, setWalletTimeZone, updateRule } from './recurring-queries.js';
import { RuleDialog } from './rule-dialog.js';
import { describeEnd, describeRepeat } from './rule-form-model.js';
import './recurring.css';
import { SubpageHeader } from '../../shared/subpage-header.js';

interface RecurringScreenProps {
  readonly wallet: WalletRecord;
  readonly onNavigate: (route: Route) => void;
}

type Editing = { readonly rule: RecurringRule | null } | null;

function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function statusOf(rule: RecurringRule): string {
  if (rule.paused) return 'Paused';
  if (rule.nextDate === null) return 'Ended';
  return `Next: ${formatDay(rule.nextDate)}`;
}

export function RecurringScreen({ wallet, onNavigate }: RecurringScreenProps) {
  const { api, sync } = useServices();
  const [attempt, setAttempt] = useState(0);
  const rules = useServerData(`${wallet.id}|${String(attempt)}`, (signal) => fetchRules(api, wallet.id, signal));
  const walletInfo = useServerData(`${wallet.id}|${String(attempt)}`, (signal) =>
    api.call(walletEndpoints.get, { params: { id: wallet.id } }, { signal }),
  );
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const readOnly = wallet.role === 'viewer';
  // A save may have added expenses on the server: pull them now rather than at the next sync.
  const reload = () => {
    setAttempt((n) => n + 1);
    void sync.refresh(wallet.id);
  };
  const timeZone = walletInfo.data?.timeZone;
  const device = deviceTimeZone();

  const togglePause = async (rule: RecurringRule) => {
    setBusy(rule.id);
    try {
      await updateRule(api, rule.id, { paused: !rule.paused });
      notices.show(rule.paused ? `${rule.category} resumed from today` : `${rule.category} paused`);
      reload();
    } catch (error) {
      notices.show(describeRuleError(error));
    } finally {
      setBusy(null);
    }
  };

  const adoptDeviceTimeZone = async () => {
    setBusy('time-zone');
    try {
      await setWalletTimeZone(api, wallet.id, device);
      notices.show(`Due dates now follow ${device}`);
      reload();
    } catch (error) {
      notices.show(describeRuleError(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="recurring-screen scroll-screen" aria-labelledby="recurring-title">
      <SubpageHeader
        titleId="recurring-title"
        title="Recurring"
        backLabel="Dashboard"
        onBack={() => {
          onNavigate('dashboard');
        }}
        action={
          !readOnly && (
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setEditing({ rule: null });
              }}
            >
              Add recurring
            </button>
          )
        }
      />
      <p className="muted screen-intro">
        Rent, subscriptions, allowances: the server adds each one to the history on its day, marked ↻ Recurring.
        Managing them needs a connection.
      </p>
      {readOnly && <p className="banner">You can see this wallet’s recurring expenses but not change them.</p>}
      {rules.state === 'failed' && <LoadError message={rules.message} onRetry={rules.reload} />}
      {rules.data === undefined ? (
        rules.state === 'loading' && <p className="loading">Loading recurring expenses…</p>
      ) : rules.data.length === 0 ? (
        <div className="card">
          <p className="muted">No recurring expenses yet.{readOnly ? '' : ' Add one and it is entered for you.'}</p>
        </div>
      ) : (
        <ul className="rule-list card" aria-label="Recurring expenses">
          {rules.data.map((rule) => {
            const ends = describeEnd(rule, (date) => formatDay(date));
            return (
              <li key={rule.id} className="rule-row" data-rule-id={rule.id}>
                <div className="rule-main">
                  <span className="rule-category">{rule.category}</span>
                  <span className="rule-amount">
                    {formatMoney(wireToMinor(rule.amount, rule.currency), rule.currency)}
                  </span>
                </div>
                <p className="rule-meta muted">
                  {describeRepeat(rule)}
                  {ends ? `, ${ends}` : ''}
                  {rule.note ? ` · ${rule.note}` : ''}
                </p>
                <div className="rule-footer">
                  <span className={rule.paused ? 'rule-status paused' : 'rule-status'}>{statusOf(rule)}</span>
                  {!readOnly && (
                    <span className="rule-actions">
                      {rule.nextDate !== null && (
                        <button
                          type="button"
                          className="button small"
                          disabled={busy === rule.id}
                          aria-label={`${rule.paused ? 'Resume' : 'Pause'} ${rule.category}`}
                          onClick={() => void togglePause(rule)}
                        >
                          {rule.paused ? 'Resume' : 'Pause'}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Edit ${rule.category}`}
                        onClick={() => {
                          setEditing({ rule });
                        }}
                      >
                        Edit
                      </button>
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {timeZone !== undefined && (
        <p className="muted rule-time-zone">
          Due dates follow this wallet’s time zone: {timeZone}.
          {wallet.role === 'owner' && timeZone !== device && (
            <>
              {' '}
              <button
                type="button"
                className="button small"
                disabled={busy === 'time-zone'}
                onClick={() => void adoptDeviceTimeZone()}
              >
                Use {device}
              </button>
            </>
          )}
        </p>
      )}
      {editing && (
        <RuleDialog
          wallet={wallet}
          rule={editing.rule}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </section>
  );
}
