import { MigError } from '../errors';
import type { Operation } from '../model/operations';
import { Cursor, NoMatch } from './cursor';
import { DEFAULT_IDENTIFIER_LIMIT } from './identifiers';
import { PHRASES } from './phrases';
import type { Phrase } from './phrases/phrase';
import { closestPhrase } from './suggest';
import { type Token, tokenize } from './tokenizer';

export { INFERENCE_RULES, type InferenceRule } from './infer';
export { TYPE_ALIASES } from './types';
export { validateExpression } from './expression';

/** One example of every supported phrasing, in the order `mig plan --help` lists them. */
export const EXAMPLE_PHRASES: readonly string[] = PHRASES.flatMap((p) => p.examples);

export interface ParseOptions {
  /** longest name accepted (default 63, the portable limit) */
  maxIdentifierLength?: number;
}

function identifierLimit(options: ParseOptions | undefined): number {
  const limit = options?.maxIdentifierLength ?? DEFAULT_IDENTIFIER_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new MigError(`maxIdentifierLength must be a whole number of at least 1 (got ${String(limit)})`, { code: 'BAD_OPTION' });
  }
  return limit;
}

function shown(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 100)}...` : flat;
}

const SQL_MARKER = /;|--|\/\*|\*\//;

/** SQL statement and comment markers written outside quotes: worth naming, since no phrase uses them. */
function sqlMarker(tokens: Token[]): string {
  for (const t of tokens) {
    const marker = t.kind === 'word' ? SQL_MARKER.exec(t.value)?.[0] : undefined;
    if (marker) return `; "${marker}" (in "${shown(t.value)}") is not part of any phrase: a description is one change, not SQL`;
  }
  return '';
}

function notUnderstood(text: string, tokens: Token[]): MigError {
  return new MigError(
    `could not understand "${shown(text)}"${sqlMarker(tokens)}; the closest supported phrase is "${closestPhrase(text, EXAMPLE_PHRASES)}" — see mig plan --help for the list`,
    { code: 'UNKNOWN_PHRASE' },
  );
}

function tryPhrase(phrase: Phrase, tokens: Token[], text: string, limit: number): Operation[] | undefined {
  const c = new Cursor(tokens, text);
  try {
    const ops = phrase.parse(c);
    c.validateNames(limit);
    return ops;
  } catch (e) {
    if (e instanceof NoMatch) return undefined;
    // a bad name read on the way explains more than the error it led to
    c.validateNames(limit);
    throw e;
  }
}

/**
 * Turn a change description ("add email_verified to users", "AddPartNumberToProducts part_number:string")
 * into operations. Anything it does not understand or will not accept is a MigError whose one-line
 * message names the problem and the way out; no other exception escapes for any string.
 */
export function parseDescription(text: string, options?: ParseOptions): Operation[] {
  const limit = identifierLimit(options);
  if (typeof text !== 'string') throw new MigError('the description must be text, such as "add email_verified to users"');
  const tokens = tokenize(text);
  if (tokens.length === 0) {
    throw new MigError('the description is empty; describe a change such as "add email_verified to users"', {
      code: 'UNKNOWN_PHRASE',
    });
  }
  for (const phrase of PHRASES) {
    const ops = tryPhrase(phrase, tokens, text, limit);
    if (ops) return ops;
  }
  throw notUnderstood(text, tokens);
}
