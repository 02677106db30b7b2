import type { Rule } from '../types';
import { maxBytesPerChar } from '../mysql/column-type';
import { alterDetail, verdictsWith } from '../mysql/rule-support';

/**
 * A VARCHAR stores its length in one byte up to 255 bytes and in two beyond: widening across that
 * boundary rewrites every value, so the table is copied. The byte count is the length in
 * characters times the character set's widest character (utf8mb4: 4).
 */
export const mysqlVarcharLengthPrefix: Rule = {
  id: 'mysql-varchar-length-prefix',
  code: 'MIG-MY104',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'VARCHAR widened across the 255-byte length-prefix boundary',
  fix: 'widen only up to the longest length with a 1-byte prefix, or plan the copy: gh-ost / pt-online-schema-change on a large table, or a new column backfilled in batches',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d) return [];
    return verdictsWith(d, 'varchar-prefix').flatMap((v) => {
      const t = v.columnChange?.type;
      const clause = v.clause;
      if (t?.kind !== 'varchar-prefix' || clause.type !== 'modifyColumn') return [];
      const to = clause.column.type;
      const from = v.columnChange?.before?.type;
      const bytes = maxBytesPerChar(to);
      const charset = `${to.charset ?? 'utf8mb4'}, up to ${bytes} byte${bytes === 1 ? '' : 's'} a character`;
      return [
        {
          message: `${v.what} from ${from?.text ?? '?'} to ${to.text} takes it from ${t.fromBytes} to ${t.toBytes} bytes (${charset}): past 255 bytes every value's length prefix grows from 1 to 2 bytes, so ${d.alter.table} is copied while writes wait`,
          fix: `${to.name}(${t.longestInPlace}) is the longest ${to.name} with a 1-byte length prefix and widens without a copy; going beyond needs the copy: run it with gh-ost or pt-online-schema-change on a large table, or add a new column and backfill it in batches`,
        },
      ];
    });
  },
};
