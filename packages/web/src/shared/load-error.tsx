/** A screen's data could not be loaded: the reason and a way to ask again. */
export function LoadError({ message, onRetry }: { readonly message: string; readonly onRetry: () => void }) {
  return (
    <div className="form-error load-error" role="alert">
      <span>{message}</span>
      <button type="button" className="button small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
