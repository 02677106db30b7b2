/**
 * Session settings as a text sets them: `SET`, `SET LOCAL` (until the end of its transaction),
 * `RESET`, and `SELECT set_config(name, value, is_local)`. The analyzer needs `lock_timeout`,
 * `statement_timeout` and `TimeZone`.
 */
import { as, bool, lastName, list, str } from './ast';
import { constText } from './state';
import type { TransactionPlace } from './parse';

export class SessionSettings {
  private readonly session = new Map<string, string>();
  private readonly local = new Map<string, string>();
  private lastTransaction: number | undefined;

  /** Follow one statement. Call for every statement in order, with its place in transactions. */
  apply(node: unknown, place: TransactionPlace): void {
    if (place.transaction !== this.lastTransaction) this.local.clear();
    this.lastTransaction = place.transaction;
    const set = as(node, 'VariableSetStmt');
    if (set) this.variableSet(set, place);
    const select = set ? undefined : as(node, 'SelectStmt');
    if (select) this.setConfigCalls(select, place);
  }

  /**
   * The value a statement at `place` would see, without following it: a SET LOCAL of a
   * transaction that ended before `place` no longer counts.
   */
  peek(name: string, place: TransactionPlace): string | undefined {
    const key = name.toLowerCase();
    const local = place.transaction === this.lastTransaction && place.transaction !== undefined ? this.local.get(key) : undefined;
    return local ?? this.session.get(key);
  }

  /** The setting's value in effect now, as text; undefined when the text has not set it. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.local.get(key) ?? this.session.get(key);
  }

  private set(name: string, value: string | undefined, isLocal: boolean, place: TransactionPlace): void {
    const key = name.toLowerCase();
    if (isLocal && !place.inTransaction) return;
    const target = isLocal ? this.local : this.session;
    if (value === undefined) {
      target.delete(key);
      if (!isLocal) this.local.delete(key);
    } else target.set(key, value);
  }

  private variableSet(fields: Record<string, unknown>, place: TransactionPlace): void {
    const kind = str(fields['kind']);
    const name = str(fields['name']);
    const isLocal = bool(fields['is_local']);
    if (kind === 'VAR_RESET_ALL') {
      this.session.clear();
      this.local.clear();
      return;
    }
    if (!name) return;
    if (kind === 'VAR_SET_VALUE') {
      const value = list(fields['args']).map((a) => constText(a) ?? '').join(', ');
      this.set(name, value, isLocal, place);
    } else if (kind === 'VAR_SET_DEFAULT' || kind === 'VAR_RESET') this.set(name, undefined, isLocal, place);
  }

  /** `SELECT set_config('lock_timeout', '2s', false)`, alone in a SELECT list. */
  private setConfigCalls(fields: Record<string, unknown>, place: TransactionPlace): void {
    for (const target of list(fields['targetList'])) {
      const call = as(as(target, 'ResTarget')?.['val'], 'FuncCall');
      if (!call || lastName(call['funcname']) !== 'set_config') continue;
      const [name, value, isLocal] = list(call['args']).map((a) => constText(a));
      if (name !== undefined) this.set(name, value, isLocal === 'true' || isLocal === 't', place);
    }
  }
}

/** A timeout value that limits something: not 0 (which disables the timeout). */
export function timeoutIsSet(value: string | undefined): boolean {
  if (value === undefined) return false;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) && n > 0;
}
