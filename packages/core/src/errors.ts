/**
 * The one error type mig raises for bad input or an impossible request.
 * Its message is a single line that names what was wrong and the way out;
 * the CLI prints it as `error: <message>` and exits 1.
 */
export class MigError extends Error {
  readonly code: string;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'MigError';
    this.code = options.code ?? 'MIG_ERROR';
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export function isMigError(e: unknown): e is MigError {
  return e instanceof MigError;
}

/**
 * What a front end prints for an error: one line beginning `error:` naming what was wrong and the
 * way out (a MigError's own message), and the stack too with MIG_DEBUG=1.
 */
export function errorText(e: unknown): string {
  const line = isMigError(e)
    ? `error: ${e.message}\n`
    : `error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]} (unexpected; rerun with MIG_DEBUG=1 for details and report it)\n`;
  return process.env['MIG_DEBUG'] === '1' && e instanceof Error && e.stack ? `${line}${e.stack}\n` : line;
}
