import type { WalletRecord } from '../../local-db/records.js';

/** Tells a viewer why there is nothing to add or edit. */
export function ViewerNotice({ wallet }: { readonly wallet: WalletRecord }) {
  if (wallet.role !== 'viewer') return null;
  return (
    <p className="viewer-notice" data-testid="viewer-notice">
      <strong>View only.</strong> You are a viewer of “{wallet.name}”: you can see its expenses but not add, edit or
      delete them. Ask an owner for the editor role.
    </p>
  );
}
