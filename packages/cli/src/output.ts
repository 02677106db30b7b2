import { errorText } from '@mig/core';

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
  io.err(errorText(e));
  return 1;
}
