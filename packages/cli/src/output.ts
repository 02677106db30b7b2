import { isMigError } from '@mig/core';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** One line on stderr beginning `error:`; a stack trace only with MIG_DEBUG=1. */
export function reportError(io: Io, e: unknown): number {
  if (isMigError(e)) {
    io.err(`error: ${e.message}\n`);
  } else {
    const message = e instanceof Error ? e.message : String(e);
    io.err(`error: ${message.split('\n')[0]} (unexpected; rerun with MIG_DEBUG=1 for details and report it)\n`);
  }
  if (process.env['MIG_DEBUG'] === '1' && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return 1;
}
