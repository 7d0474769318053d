/** A file attached to an expense; the bytes live under DATA_DIR/receipts/<wallet_id>/<id>. */
export interface ReceiptsTable {
  id: string;
  expense_id: string;
  wallet_id: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  /** Null once that account is deleted. */
  created_by: string | null;
  created_at: string;
  /** Set when the receipt (or its expense) was deleted; the sweeper then removes the file and the row. */
  deleted_at: string | null;
}
