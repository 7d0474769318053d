/** The message under a form field; renders nothing when the field is valid. */
export function FieldError({ id, message }: { readonly id: string; readonly message: string | undefined | null }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

/** Marks an input invalid and points screen readers at its FieldError. */
export function invalidProps(message: string | undefined | null, errorId: string) {
  return {
    'aria-invalid': message ? true : undefined,
    'aria-describedby': message ? errorId : undefined,
  } as const;
}
