/** A command line the CLI cannot act on (exit 2), told before anything is sent. */
export class UsageError extends Error {}

export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** The app answered with its error shape (docs/http-api.md#errors); `status` decides the exit code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[],
  ) {
    super(message);
  }
}

/** Nothing (usable) answered: refused, timed out, or not the app's JSON. */
export class UnreachableError extends Error {}
