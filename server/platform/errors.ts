import 'server-only';

/** An error with the HTTP status and code a route handler answers with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A record that does not exist, or exists but is not the user's to see: the two look the same. */
export class RecordNotFoundError extends HttpError {
  constructor(what: string) {
    super(404, 'not-found', `There is no ${what} with that id.`);
  }
}

/** The database cannot be reached right now (stopped, restarting, unreachable): 503, try again shortly. */
export class DatabaseUnavailableError extends HttpError {
  /** How long a client should wait before trying again, in seconds. */
  static readonly RETRY_AFTER_SECONDS = 5;
  constructor() {
    super(503, 'database-unavailable', "Frontline can't reach its database right now. Nothing you did was lost. Try again in a moment.");
  }
}
