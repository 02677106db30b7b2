import type { Rule } from '../types';
import type { AlterClause } from '../mysql/read-ddl';
import { type AlterDetail, LARGE_TABLE_BYTES, LARGE_TABLE_ROWS, alterDetail, formatBytes } from '../mysql/rule-support';

/** A word for the shell: single-quoted, an embedded quote closed, escaped and reopened. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The clause as the tools take it: they rebuild with ENGINE=InnoDB, their documented no-op ALTER. */
function toolClause(clause: AlterClause): string {
  return clause.type === 'rebuild' && (clause.option === 'FORCE' || clause.option === 'OPTIMIZE TABLE') ? 'ENGINE=InnoDB' : clause.text;
}

function renamesColumn(d: AlterDetail): boolean {
  return d.alter.clauses.some(
    (c) => c.type === 'renameColumn' || (c.type === 'modifyColumn' && c.from.toLowerCase() !== c.column.name.toLowerCase()),
  );
}

function hasForeignKeys(d: AlterDetail): boolean {
  return Boolean(d.table?.foreignKeys.length) || d.referencedBy.length > 0 || d.alter.clauses.some((c) => c.type === 'addForeignKey');
}

/** The tools need a PRIMARY KEY or UNIQUE key to copy by chunks and apply changes. */
function hasUniqueKey(d: AlterDetail): boolean {
  return !d.table || d.table.primaryKey.length > 0 || d.table.indexes.some((i) => i.unique);
}

function commands(d: AlterDetail): string {
  const alter = shellQuote([...new Set(d.alter.clauses.map(toolClause))].join(', '));
  const database = d.database ?? '<database>';
  const table = d.alter.table;
  const load = '--max-load=Threads_running=25 --critical-load=Threads_running=100';
  const lines: string[] = [];
  if (hasForeignKeys(d)) {
    lines.push(`gh-ost does not support tables with foreign keys (${table} has or gets one, or is referenced), so use pt-online-schema-change:`);
  } else {
    lines.push(
      `gh-ost --host=<host> --port=3306 --user=<user> --ask-pass --database=${database} --table=${table} --alter=${alter} --allow-on-master --chunk-size=1000 ${load}${renamesColumn(d) ? ' --approve-renamed-columns' : ''} --execute`,
    );
  }
  lines.push(
    `pt-online-schema-change --alter=${alter} --chunk-size=1000 ${load}${hasForeignKeys(d) ? ' --alter-foreign-keys-method=auto' : ''}${renamesColumn(d) ? ' --no-check-alter' : ''} --ask-pass h=<host>,P=3306,u=<user>,D=${database},t=${table} --execute`,
  );
  return lines.join('\n    ');
}

function sizeText(stats: NonNullable<NonNullable<AlterDetail['table']>['stats']>): string {
  const rows = stats.rows === null ? undefined : `about ${stats.rows.toLocaleString('en-US')} rows`;
  const bytes = stats.bytes === null ? undefined : formatBytes(stats.bytes);
  const parts = [rows, bytes];
  return `${parts.filter(Boolean).join(', ')} (${stats.basis})`;
}

/**
 * On a large table, whatever is not INSTANT runs for minutes to hours; replicas replay the ALTER
 * only after it finishes, lagging as long. gh-ost and pt-online-schema-change copy the rows in
 * small chunks beside the live table and swap it in with a brief cut-over.
 */
export const mysqlLargeTableOnlineTool: Rule = {
  id: 'mysql-large-table-online-tool',
  code: 'MIG-MY108',
  severity: 'warning',
  dialects: ['mysql'],
  summary: `ALTER that is not INSTANT on a table of ${LARGE_TABLE_ROWS.toLocaleString('en-US')}+ rows or ${formatBytes(LARGE_TABLE_BYTES)}+`,
  fix: 'run the change with gh-ost or pt-online-schema-change',
  check(ctx) {
    const d = alterDetail(ctx);
    const stats = d?.table?.stats;
    if (!d || !stats || d.verdict.refusal || d.verdict.algorithm === 'INSTANT') return [];
    if ((stats.rows ?? 0) < LARGE_TABLE_ROWS && (stats.bytes ?? 0) < LARGE_TABLE_BYTES) return [];
    if (!hasUniqueKey(d)) {
      return [{
        message: `${d.alter.table} holds ${sizeText(stats)} and has no PRIMARY KEY or UNIQUE key, which gh-ost and pt-online-schema-change need; this ${d.alter.kind} runs ${d.verdict.algorithm} on all of it`,
        fix: 'add a primary key first (a rebuild), then use an online schema change tool',
      }];
    }
    const v = d.verdict;
    const effect = v.algorithm === 'COPY' ? 'copies the table while writes wait' : v.rebuild ? 'rebuilds the table' : 'reads every row';
    return [
      {
        message: `${d.alter.table} holds ${sizeText(stats)}: this ${d.alter.kind} (${v.algorithm === 'INSTANT' ? 'INSTANT' : `${v.algorithm}/${v.lock}`}) ${effect}, for a long time on a table this size, and replicas apply it only after it finishes`,
        fix: `run it with an online schema change tool, which copies the rows in small chunks and swaps the table in a brief cut-over:\n    ${commands(d)}`,
      },
    ];
  },
};
