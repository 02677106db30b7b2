import type { Dialect } from '../dialects/dialect';
import { describeOperation } from '../model/describe';
import type { Operation } from '../model/operations';
import { type Schema, findTable } from '../model/schema';
import type { Plan, StatementAnalysis } from '../plan/plan';
import type { PreflightResult } from '../plan/preflight';
import { CATALOGS, type Catalog } from './catalog';
import { alternativeFrameworks } from './frameworks';

export interface ReportFile {
  path: string;
  content: string;
  /** fence language: sql, javascript, typescript, python, ruby */
  language: string;
}

export interface ReportInput {
  plan: Plan;
  dialect: Dialect;
  /** the schema before the change, with statistics when read from --db */
  schema?: Schema;
  generatedAt: Date;
  /** the framework that runs the files, e.g. `Raw SQL` */
  framework?: string;
  /** the files written for the change; defaults to the raw SQL up and down */
  files?: ReportFile[];
  /** how to apply / roll back with the framework's own tool (defaults: the database client on the files) */
  commands?: { apply: string; rollback: string };
}

const KIND_LABELS: Record<Operation['kind'], string> = {
  createTable: 'Create Table',
  dropTable: 'Drop Table',
  renameTable: 'Rename Table',
  addColumn: 'Add Column',
  dropColumn: 'Drop Column',
  renameColumn: 'Rename Column',
  alterColumnType: 'Change Column Type',
  setNotNull: 'Set NOT NULL',
  dropNotNull: 'Drop NOT NULL',
  setDefault: 'Set Default',
  dropDefault: 'Drop Default',
  createIndex: 'Add Index',
  dropIndex: 'Drop Index',
  addForeignKey: 'Add Foreign Key',
  dropForeignKey: 'Drop Foreign Key',
  addCheck: 'Add Check Constraint',
  dropCheck: 'Drop Check Constraint',
  backfill: 'Data Backfill',
  sql: 'Raw SQL',
};

const BLOCKING = new Set(['ACCESS EXCLUSIVE', 'EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'SHARE', 'COPY/SHARED', 'COPY/EXCLUSIVE']);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function stamp(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function seconds(s: number): string {
  if (s < 1) return `${Math.max(1, Math.round(s * 1000))} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${(s / 60).toFixed(1)} min`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fence(language: string, body: string): string {
  return `\`\`\`${language}\n${body.trimEnd()}\n\`\`\``;
}

function tablesOf(ops: Operation[]): string[] {
  const names = ops.flatMap((op) => {
    if (op.kind === 'renameTable') return [op.from];
    if (op.kind === 'sql') return [];
    if (op.kind === 'dropIndex') return op.table ? [op.table] : [];
    return [op.table];
  });
  return [...new Set(names)];
}

/** Total estimated time, or a plain statement that it is unknown and why. */
function estimatedTime(statements: StatementAnalysis[]): string {
  const estimates = statements.map((s) => s.estimate).filter((e) => e !== undefined);
  if (estimates.length === 0) return 'unknown — the analyzer gave no estimate';
  const unknown = estimates.find((e) => e.seconds === null);
  if (unknown) return `unknown — ${unknown.basis}`;
  const total = estimates.reduce((sum, e) => sum + (e.seconds ?? 0), 0);
  const low = estimates.reduce((sum, e) => sum + (e.range?.[0] ?? e.seconds ?? 0), 0);
  const high = estimates.reduce((sum, e) => sum + (e.range?.[1] ?? e.seconds ?? 0), 0);
  const bases = [...new Set(estimates.map((e) => e.basis))].join('; ');
  return `${seconds(total)} (range ${seconds(low)}–${seconds(high)}; from ${bases})`;
}

function affectedRows(tables: string[], schema: Schema | undefined): string[] {
  return tables.map((t) => {
    const stats = schema ? findTable(schema, t)?.stats : undefined;
    if (!schema) return `\`${t}\`: unknown — pass --db to read table statistics`;
    if (!stats || stats.rows === null) return `\`${t}\`: unknown — ${stats ? `no statistics yet (${stats.basis}); run ANALYZE` : 'new table, or no statistics'}`;
    return `\`${t}\`: ~${count(stats.rows)} rows (${stats.basis})`;
  });
}

function lockLines(statements: StatementAnalysis[]): string[] {
  const lines: string[] = [];
  for (const s of statements) {
    for (const lock of s.locks ?? []) {
      const work = s.rewrite ? 'rewrites the table' : s.scan ? 'scans the table' : 'catalog change only';
      const held = s.estimate?.seconds === null || s.estimate === undefined ? 'duration unknown' : `held ≈${seconds(s.estimate.seconds)}`;
      lines.push(`\`${lock.mode}\` on \`${lock.table}\` — ${work}, ${held}: \`${s.sql.split('\n')[0]!.slice(0, 90)}\``);
    }
  }
  return lines;
}

function downtime(statements: StatementAnalysis[]): string {
  const blocking = statements.filter((s) => (s.rewrite || s.scan) && (s.locks ?? []).some((l) => BLOCKING.has(l.mode)));
  if (blocking.length === 0) {
    return statements.some((s) => s.locks)
      ? 'None expected: strong locks are held only for catalog changes (they still queue behind long transactions — keep lock_timeout set)'
      : 'Unknown — no lock analysis for these statements';
  }
  return `Writes are blocked while ${blocking.length} statement(s) rewrite or scan under a blocking lock (see Table Lock); use the phased plan (--zero-downtime) or a maintenance window`;
}

function verification(op: Operation, c: Catalog, direction: 'up' | 'down'): string[] {
  const after = direction === 'up';
  switch (op.kind) {
    case 'addColumn':
      return [`-- ${op.table}.${op.column.name} ${after ? 'exists' : 'is gone (expect 0 rows)'}`, c.column(op.table, op.column.name)];
    case 'dropColumn':
      return [`-- ${op.table}.${op.column} ${after ? 'is gone (expect 0 rows)' : 'is back'}`, c.column(op.table, op.column)];
    case 'renameColumn':
      return [
        `-- ${op.table}.${after ? op.to : op.from} exists, ${op.table}.${after ? op.from : op.to} does not`,
        c.column(op.table, op.to),
        c.column(op.table, op.from),
      ];
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropNotNull':
    case 'setDefault':
    case 'dropDefault':
      return [`-- ${op.table}.${op.column} definition ${after ? 'after the change' : 'restored'}`, c.column(op.table, op.column)];
    case 'createTable':
      return [`-- table ${op.table} ${after ? 'exists' : 'is gone'}`, c.table(op.table)];
    case 'dropTable':
      return [`-- table ${op.table} ${after ? 'is gone' : 'is back'}`, c.table(op.table)];
    case 'renameTable':
      return [`-- table ${after ? op.to : op.from} exists`, c.table(op.to), c.table(op.from)];
    case 'createIndex':
      return [`-- index ${op.name} ${after ? 'exists' : 'is gone (expect 0 rows)'}`, c.index(op.table, op.name)];
    case 'dropIndex':
      return [`-- index ${op.name} ${after ? 'is gone (expect 0 rows)' : 'is back'}`, c.index(op.table ?? '', op.name)];
    case 'addForeignKey':
    case 'addCheck':
      return [`-- constraint ${op.name} ${after ? 'exists' : 'is gone'}`, c.constraint(op.table, op.name)];
    case 'dropForeignKey':
    case 'dropCheck':
      return [`-- constraint ${op.name} ${after ? 'is gone' : 'is back'}`, c.constraint(op.table, op.name)];
    case 'backfill':
      return after
        ? [`-- rows of ${op.table} still to backfill (expect 0)`, `SELECT count(*) FROM ${op.table}${op.where ? ` WHERE ${op.where}` : ''};`]
        : [];
    case 'sql':
      return [];
  }
}

function defaultFiles(plan: Plan): ReportFile[] {
  const slug = plan.description.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 60);
  const body = (stmts: string[]) => (stmts.length ? stmts.map((s) => `${s};`).join('\n\n') : '-- nothing to undo');
  return [
    { path: `migrations/${slug}.up.sql`, language: 'sql', content: `-- Migration: ${plan.description}\n\n${body(plan.up)}\n` },
    { path: `migrations/${slug}.down.sql`, language: 'sql', content: `-- Rollback: ${plan.description}\n\n${body(plan.down)}\n` },
  ];
}

/** The migration report: the seed's structure, with every figure measured, computed, or said to be unknown. */
export function renderMarkdownReport(input: ReportInput): string {
  const { plan, dialect, schema } = input;
  const a = plan.analysis;
  const c = CATALOGS[dialect.name];
  const files = input.files ?? defaultFiles(plan);
  const upFile = files[0]?.path ?? 'up.sql';
  const downFile = files[1]?.path ?? 'down.sql';
  const commands = input.commands ?? { apply: c.runFile(upFile), rollback: c.runFile(downFile) };
  const tables = tablesOf(plan.operations);
  const kinds = [...new Set(plan.operations.map((o) => KIND_LABELS[o.kind]))].join(', ');
  const title = plan.description.charAt(0).toUpperCase() + plan.description.slice(1);
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  push(
    `# Migration: ${title}`,
    '',
    `**Generated**: ${stamp(input.generatedAt)}`,
    `**Type**: ${kinds}`,
    `**Framework**: ${input.framework ?? 'Raw SQL'}`,
    `**Database**: ${dialect.label}`,
    `**Estimated Time**: ${estimatedTime(a.statements)}`,
    '',
    '---',
    '',
    '## Summary',
    '',
    `${title}.`,
    '',
    '### Changes:',
    ...plan.operations.map((op, i) => `${i + 1}. ${describeOperation(op)}`),
    '',
    '---',
    '',
    '## Impact Assessment',
    '',
    '### Risk Analysis',
    `- **Risk Level**: ${a.risk.charAt(0).toUpperCase()}${a.risk.slice(1)}`,
    `- **Table Lock**:${lockLines(a.statements).length ? '' : ' unknown — no lock analysis'}`,
    ...lockLines(a.statements).map((l) => `  - ${l}`),
    `- **Affected Rows**:`,
    ...affectedRows(tables, schema).map((l) => `  - ${l}`),
    `- **Downtime Required**: ${downtime(a.statements)}`,
    `- **Reversible**: ${a.reversible ? 'Yes' : 'No — see findings'}`,
    `- **Data Loss Potential**: ${a.dataLoss ? 'Yes — the change deletes data; back it up first' : 'None'}`,
    '',
    '### Performance Impact',
    `- **Table rewrites**: ${a.statements.some((s) => s.rewrite) ? 'yes — the table is copied: it needs free disk about its current size, and the copy holds the lock' : a.statements.some((s) => s.rewrite === undefined) ? 'unknown' : 'none'}`,
    `- **Full scans under lock**: ${a.statements.some((s) => s.scan) ? 'yes — reads every row while holding the lock' : a.statements.some((s) => s.scan === undefined) ? 'unknown' : 'none'}`,
    `- **Disk**: ${diskLine(plan, schema)}`,
    '',
  );
  push(...preflightSection(a.preflight));
  if (a.findings.length) {
    push('### Findings', '');
    for (const f of a.findings) push(`- **${f.code}** (${f.severity}): ${f.message}${f.fix ? `\n  - Fix: ${f.fix}` : ''}`);
    push('');
  }
  if (plan.phases.length > 1) {
    push('### Phases', '');
    plan.phases.forEach((p, i) =>
      push(`${i + 1}. **${p.name}** — ${p.transactional ? 'in one transaction' : 'outside a transaction'}, ${p.up.length} statement(s)`),
    );
    push('');
  }
  push('---', '', '## Generated Migration Files', '');
  for (const f of files) push(`### File: \`${f.path}\``, '', fence(f.language, f.content), '');
  push('---', '', '## Alternative Frameworks', '');
  for (const alt of alternativeFrameworks(plan, input.generatedAt, input.framework)) {
    push(`### ${alt.name}`, '');
    for (const f of alt.files) push(`\`${f.path}\``, '', fence(f.language, f.content), '');
    push(`Apply: \`${alt.apply}\` · roll back: \`${alt.rollback}\``, '');
    for (const n of alt.notes) push(`- ${n}`);
    if (alt.notes.length) push('');
  }
  push(
    '---',
    '',
    '## Testing Guide',
    '',
    '### Step 1: Development Environment',
    '',
    fence(
      'bash',
      [
        '# 1. Apply',
        commands.apply,
        '',
        '# 2. Verify (queries under "Verification Queries")',
        '',
        '# 3. Roll back, and verify the schema is as before',
        commands.rollback,
        '',
        '# 4. Re-apply',
        commands.apply,
      ].join('\n'),
    ),
    '',
    '### Step 2: Staging Environment',
    '',
    fence(
      'bash',
      [
        '# 1. Back up',
        c.backup('backup_staging_$(date +%Y%m%d_%H%M%S).dump'),
        '',
        '# 2. Apply, then run the application tests against staging',
        commands.apply,
        '',
        '# 3. Verify (queries under "Verification Queries") and watch locks while it runs',
        `${c.shell}\n${c.lockWaits}\nSQL`,
        '',
        '# 4. If anything is wrong, roll back',
        commands.rollback,
      ].join('\n'),
    ),
    '',
    '### Step 3: Production Deployment',
    '',
    fence(
      'bash',
      [
        '# Checklist:',
        '# [ ] Applied, rolled back and re-applied in development',
        '# [ ] Applied on staging with production-like data',
        `# [ ] ${plan.operations.some((o) => ['dropColumn', 'dropTable', 'renameColumn', 'renameTable'].includes(o.kind)) ? 'Deployed application code that no longer uses the old names/columns' : 'Application code handles both the old and new schema'}`,
        '# [ ] Backup taken and its size checked',
        '',
        c.backup('backup_prod_$(date +%Y%m%d_%H%M%S).dump'),
        'echo "Starting migration at $(date)"',
        commands.apply,
        'echo "Finished at $(date)"',
      ].join('\n'),
    ),
    '',
    '---',
    '',
    '## Rollback Procedures',
    '',
    '### Immediate Rollback',
    '',
    fence('bash', commands.rollback),
    '',
    '### Delayed Rollback (data may have been written since)',
    '',
    delayedRollback(plan, c, dialect, commands.rollback),
    '',
    '---',
    '',
    '## Verification Queries',
    '',
    '### After up',
    '',
    fence('sql', plan.operations.flatMap((op) => verification(op, c, 'up')).join('\n\n') || '-- nothing to verify'),
    '',
    '### After down',
    '',
    fence('sql', [...plan.operations].reverse().flatMap((op) => verification(op, c, 'down')).join('\n\n') || '-- nothing to verify'),
    '',
    '---',
    '',
    '## Monitoring After Deployment',
    '',
    '### Sessions waiting on locks',
    '',
    fence('sql', c.lockWaits),
    '',
    '### Table size',
    '',
    fence('sql', tables.map((t) => c.tableSize(t, dialect.quoteIdent(t))).join('\n\n') || '-- no table'),
    '',
  );
  if (c.indexUsage) {
    push('### Index usage', '', fence('sql', tables.map((t) => c.indexUsage!(t)).join('\n\n') || '-- no table'), '');
  }
  push(
    '---',
    '',
    '## Next Steps',
    '',
    '1. ✓ Migration planned',
    '2. ⏳ Apply, roll back and re-apply in development',
    '3. ⏳ Apply on staging and run the application tests',
    '4. ⏳ Deploy application code that works with the new schema',
    '5. ⏳ Apply in production and watch the monitoring queries',
    '',
  );
  return out.join('\n');
}

function preflightSection(results: PreflightResult[] | undefined): string[] {
  const lines = ['### Pre-flight Checks', ''];
  if (!results) {
    return [...lines, 'Not run: plan with `--db` to check the existing rows (NULLs under a new NOT NULL, duplicates under a new unique index, orphans under a new foreign key, values a narrower type would cut, rows a check rejects).', ''];
  }
  if (results.length === 0) return [...lines, 'Nothing to check: the change adds no constraint the existing rows could break.', ''];
  lines.push('| Question | Answer | Re-check with |', '|---|---|---|');
  for (const r of results) {
    const answer = r.status === 'ok' ? 'none' : r.status === 'unknown' ? `unknown: ${r.note}` : `${count(r.rows ?? 0)} (first: ${(r.sample ?? []).join(', ')})`;
    lines.push(`| ${cellText(r.question)} | ${cellText(answer)} | ${r.query ? `\`${cellText(r.query)}\`` : '—'} |`);
  }
  return [...lines, ''];
}

/** Text safe inside a Markdown table cell. */
function cellText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function diskLine(plan: Plan, schema: Schema | undefined): string {
  const rewritten = plan.analysis.statements.filter((s) => s.rewrite).flatMap((s) => (s.locks ?? []).map((l) => l.table));
  if (rewritten.length === 0) return 'no table copy; new columns and indexes grow with the rows they hold';
  const bytes = [...new Set(rewritten)].map((t) => (schema ? findTable(schema, t)?.stats?.bytes : undefined));
  if (bytes.some((b) => b === undefined || b === null)) return 'a table copy needs free disk about the table\'s size: unknown — pass --db';
  const total = (bytes as number[]).reduce((s, b) => s + b, 0);
  return `a table copy needs about ${(total / 1024 / 1024).toFixed(1)} MiB free while it runs (current size, from the statistics)`;
}

function delayedRollback(plan: Plan, c: Catalog, dialect: Dialect, rollback: string): string {
  const added = plan.operations.flatMap((op) =>
    op.kind === 'addColumn' ? [{ table: op.table, column: op.column.name }] : [],
  );
  const created = plan.operations.flatMap((op) => (op.kind === 'createTable' ? [op.table] : []));
  if (added.length === 0 && created.length === 0) {
    return 'The down restores the schema; no data written since the migration lives only in the parts it removes.\n\n' + fence('bash', rollback);
  }
  const q = (n: string) => dialect.quoteIdent(n);
  const saves = [
    ...added.map((a) => `CREATE TABLE ${q(`${a.table}_${a.column}_backup`)} AS SELECT * FROM ${q(a.table)};`),
    ...created.map((t) => `CREATE TABLE ${q(`${t}_backup`)} AS SELECT * FROM ${q(t)};`),
  ];
  return [
    'The down removes what the migration added, and with it any data the application wrote there since.',
    'Keep a copy first, then roll back:',
    '',
    fence('bash', `${c.shell}\n${saves.join('\n')}\nSQL\n${rollback}`),
  ].join('\n');
}
