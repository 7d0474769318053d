/** The refresh cookie was refused: the user has to sign in again. */
export class SessionExpiredError extends Error {
  constructor() {
    super('Your session has ended. Sign in again.');
    this.name = 'SessionExpiredError';
  }
}
