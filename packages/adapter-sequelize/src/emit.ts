import {
  type Dialect,
  type EmitInput,
  type EmittedFile,
  MigError,
  type Operation,
  type Phase,
  type Plan,
  describeOperation,
  getDialect,
  invert,
} from '@mig/core';
import { SEQUELIZE_DIALECTS, type SequelizeDialect } from './dialects';
import { commentText, indent, jsString, shortSql } from './js';
import { type Step, type StepContext, nativeSteps, queryStep, repeatStep } from './steps';
import { type Check, verificationChecks } from './verify';

/**
 * Sequelize migration files for a plan: one CommonJS file per phase, each run by sequelize-cli with
 * its own transaction mode. A plan of one phase whose statements are exactly mig's plain SQL for its
 * operations becomes queryInterface calls; a zero-downtime phase runs its statements as they are
 * (session limits, CONCURRENTLY, batches) through `queryInterface.sequelize.query`.
 */

/** A session setting (lock_timeout, lock_wait_timeout…): not part of the change itself. */
const SESSION = /^\s*(SET|RESET)\s/i;

/** What one direction (up or down) of a file does. */
interface Body {
  steps: Step[];
  /** session settings restored at the end; outside a transaction they go in `finally` */
  restore: string[];
  /** the operations written as queryInterface calls (undefined: the phase's SQL as it is) */
  ops?: Operation[];
}

interface Parts {
  lead: string[];
  work: string[];
  trail: string[];
}

/** Leading and trailing session settings around the statements of the change; undefined when they interleave. */
function splitSession(statements: string[]): Parts | undefined {
  let a = 0;
  while (a < statements.length && SESSION.test(statements[a]!)) a += 1;
  let b = statements.length;
  while (b > a && SESSION.test(statements[b - 1]!)) b -= 1;
  const work = statements.slice(a, b);
  if (work.some((s) => SESSION.test(s))) return undefined;
  return { lead: statements.slice(0, a), work, trail: statements.slice(b) };
}

/** mig's plain SQL for each operation, or undefined when the dialect needs the schema to write it. */
function plainSql(db: Dialect, ops: Operation[]): { op: Operation; sql: string[] }[] | undefined {
  try {
    return ops.map((op) => ({ op, sql: db.render(op, {}).map((s) => s.sql).filter((s) => !SESSION.test(s)) }));
  } catch (e) {
    if (e instanceof MigError) return undefined;
    throw e;
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function sessionStep(sql: string, ctx: StepContext): Step {
  return { ...queryStep(sql, ctx, `Session setting: ${shortSql(sql, 70)}`), session: true };
}

/** Trailing session settings: the last steps in a transaction, restored in `finally` outside one. */
function withTrail(steps: Step[], trail: string[], ctx: StepContext): Omit<Body, 'ops'> {
  return ctx.transactional ? { steps: [...steps, ...trail.map((s) => sessionStep(s, ctx))], restore: [] } : { steps, restore: trail };
}

/**
 * The operations as queryInterface calls, when the phase's statements are exactly mig's plain SQL
 * for them (so the calls do what the plan says); an operation with no matching call runs its SQL.
 */
function nativeBody(ops: Operation[], statements: string[], db: Dialect, ctx: StepContext): Body | undefined {
  const parts = splitSession(statements);
  const plain = parts && plainSql(db, ops);
  if (!parts || !plain || !sameList(plain.flatMap((p) => p.sql), parts.work)) return undefined;
  const steps = [
    ...parts.lead.map((s) => sessionStep(s, ctx)),
    ...plain.flatMap((p) => nativeSteps(p.op, ctx) ?? p.sql.map((s) => queryStep(s, ctx))),
  ];
  return { ...withTrail(steps, parts.trail, ctx), ops };
}

/** The phase's statements as they are; those in `repeat` run again until they change no rows. */
function sqlBody(statements: string[], repeat: ReadonlySet<number>, ctx: StepContext): Body {
  const parts = splitSession(statements);
  const trail = parts && !ctx.transactional ? parts.trail : [];
  const steps = statements
    .slice(0, statements.length - trail.length)
    .map((s, i) => (repeat.has(i) ? repeatStep(s, ctx) : SESSION.test(s) ? sessionStep(s, ctx) : queryStep(s, ctx)));
  return { steps, restore: trail };
}

/** The operations that undo a plan's operations, in order, as mig derives them without the schema. */
function inverseOps(ops: Operation[]): Operation[] {
  return [...ops].reverse().flatMap((op) => invert(op).ops);
}

/**
 * Why a one-phase plan's down cannot be written: an operation whose previous definition the plan
 * does not know (mig had no schema), so the down would silently leave the change in place.
 */
function irreversible(plan: Plan, phase: Phase): string | undefined {
  if (plan.phases.length !== 1 || plan.analysis.reversible) return undefined;
  if (hasWork(phase.down)) return undefined;
  const lost = plan.operations.map((op) => ({ op, inverse: invert(op) })).find((x) => x.op.kind !== 'backfill' && !x.inverse.complete && x.inverse.ops.length === 0);
  return lost ? `cannot undo "${describeOperation(lost.op)}": ${lost.inverse.reason ?? 'it has no inverse'}` : undefined;
}

interface FileContext {
  plan: Plan;
  phase: Phase;
  index: number;
  db: Dialect;
  sequelize: SequelizeDialect;
}

function upBody(f: FileContext, ctx: StepContext): Body {
  const single = f.plan.phases.length === 1 && !f.phase.repeat?.length;
  return (single && nativeBody(f.plan.operations, f.phase.up, f.db, ctx)) || sqlBody(f.phase.up, new Set(f.phase.repeat ?? []), ctx);
}

function downBody(f: FileContext, ctx: StepContext): Body {
  const single = f.plan.phases.length === 1;
  return (single && nativeBody(inverseOps(f.plan.operations), f.phase.down, f.db, ctx)) || sqlBody(f.phase.down, new Set(f.phase.downRepeat ?? []), ctx);
}

function renderSteps(steps: Step[]): string {
  return steps.map((s, i) => [`// Step ${i + 1}: ${s.comment}`, `console.log(${jsString(`  ${s.log}`)});`, s.code].join('\n')).join('\n\n');
}

interface Words {
  start: string;
  done: string;
  failed: string;
}

const UP_WORDS: Words = { start: 'Starting migration', done: '✓ Migration completed successfully', failed: '✗ Migration failed:' };
const DOWN_WORDS: Words = { start: 'Starting rollback', done: '✓ Rollback completed successfully', failed: '✗ Rollback failed:' };

/** A direction's body in the seed's shape: a transaction with commit/rollback, or a plain try outside one. */
function wrap(body: Body, title: string, words: Words, ctx: StepContext, outside: string): string {
  const start = `console.log(${jsString(`${words.start}: ${title}`)});`;
  const steps = renderSteps(body.steps);
  const failed = `console.error(${jsString(words.failed)}, error.message);`;
  if (ctx.transactional) {
    return [
      'const transaction = await queryInterface.sequelize.transaction();',
      '',
      'try {',
      indent(`${start}\n\n${steps}\n\nawait transaction.commit();\nconsole.log(${jsString(words.done)});`, '  '),
      '} catch (error) {',
      '  if (!transaction.finished) await transaction.rollback();',
      `  ${failed}`,
      '  throw error;',
      '}',
    ].join('\n');
  }
  const restore = body.restore.length
    ? [
        '} finally {',
        '  // Restore the session settings, whether the steps succeeded or not',
        ...body.restore.map((s) => `  await queryInterface.sequelize.query(${jsString(s)});`),
      ]
    : [];
  const pinned = body.steps.some((s) => s.session) || body.restore.length > 0;
  return [
    `// No transaction: ${outside}`,
    ...(pinned ? ["// The steps run one at a time, so Sequelize's pool gives each the connection the session settings were made on"] : []),
    'try {',
    indent(`${start}\n\n${steps}\n\nconsole.log(${jsString(words.done)});`, '  '),
    '} catch (error) {',
    `  ${failed}`,
    '  throw error;',
    ...restore,
    '}',
  ].join('\n');
}

function verification(checks: Check[], ctx: StepContext): string {
  if (!checks.length) return '';
  const lead = ctx.transactional ? '// Verification: read the change back (it is committed whatever this finds)' : '// Verification: read the change back';
  const calls = checks.map((c) => `await verify(\n  queryInterface,\n  ${jsString(c.what)},\n  ${jsString(c.sql)},\n  ${c.expected},\n);`);
  return `\n\n${lead}\n${calls.join('\n')}`;
}

const VERIFY_HELPER = `/** Runs a read-only query and reports whether it found what the migration expects. */
async function verify(queryInterface, what, sql, expected) {
  const [rows] = await queryInterface.sequelize.query(sql);
  if (rows.length === expected) console.log(\`✓ Verified: \${what}\`);
  else console.warn(\`✗ Not verified: \${what} (\${rows.length} found, expected \${expected})\`);
}
`;

function describeList(ops: Operation[]): string {
  if (ops.length === 0) return 'nothing';
  if (ops.length === 1) return describeOperation(ops[0]!);
  return ops.map((op) => `\n *   - ${describeOperation(op)}`).join('');
}

function hasWork(statements: string[]): boolean {
  return statements.some((s) => !SESSION.test(s));
}

function statementList(statements: string[]): string {
  const work = statements.filter((s) => !SESSION.test(s));
  return work.length === 1 ? shortSql(work[0]!) : work.map((s) => `\n *   - ${shortSql(s)}`).join('');
}

/** Up in the header: the operations, or in a zero-downtime phase what the strategy says the phase does. */
function upSummary(f: FileContext, up: Body): string {
  if (up.ops) return describeList(up.ops);
  if (f.plan.phases.length === 1) return describeList(f.plan.operations);
  return f.phase.description ?? statementList(f.phase.up);
}

/** Why a one-phase plan's down leaves something as it is (a backfill's overwritten values), when it does. */
function undoGap(plan: Plan): string | undefined {
  if (plan.phases.length !== 1) return undefined;
  return plan.operations.map((op) => invert(op)).find((inverse) => !inverse.complete)?.reason;
}

function nothingToUndo(f: FileContext): string {
  const gap = undoGap(f.plan);
  return gap ? `nothing to undo: ${gap}` : f.plan.phases.length > 1 ? `nothing to undo in phase ${f.phase.name}` : 'nothing to undo';
}

function downSummary(f: FileContext, down: Body): string {
  if (down.ops?.length) return describeList(down.ops);
  return hasWork(f.phase.down) ? statementList(f.phase.down) : nothingToUndo(f);
}

function seconds(s: number): string {
  if (s < 1) return 'under a second';
  if (s < 90) return `about ${Math.round(s)} s`;
  return `about ${Math.round(s / 60)} min`;
}

/** The phase's estimated time, when the analysis knows every statement's. */
function estimate(plan: Plan, index: number): string | undefined {
  const statements = plan.analysis.statements;
  if (statements.length !== plan.up.length) return undefined;
  const from = plan.phases.slice(0, index).reduce((n, p) => n + p.up.length, 0);
  const mine = statements.slice(from, from + plan.phases[index]!.up.length);
  if (mine.some((s) => s.estimate.seconds === null)) return undefined;
  return seconds(mine.reduce((n, s) => n + (s.estimate.seconds ?? 0), 0));
}

function header(f: FileContext, up: Body, down: Body, outside: string, refused: string | undefined): string {
  const { plan, phase, index } = f;
  const many = plan.phases.length > 1;
  const lines = [`Migration: ${plan.description}`];
  if (many) lines.push(`Phase ${index + 1} of ${plan.phases.length}: ${phase.name}`);
  lines.push('');
  lines.push(`Up: ${upSummary(f, up)}`);
  lines.push(`Down: ${refused ? `refuses — ${refused}` : downSummary(f, down)}`);
  lines.push('');
  if (phase.afterDeploy) lines.push('RUN THIS ONLY AFTER THE APPLICATION DEPLOY: the code running before it still needs what it removes.');
  if (!phase.transactional) lines.push(`Runs without a transaction: ${outside}.`);
  if (phase.lockTimeoutMs !== undefined) {
    const limit = `${phase.lockTimeoutMs / 1000} s`;
    lines.push(
      phase.transactional
        ? `Lock waits are limited to ${limit}: past that the migration fails and rolls back; run it again.`
        : phase.retry
          ? `Lock waits are limited to ${limit}: past that the migration fails; it is safe to run it again.`
          : `Lock waits are limited to ${limit}: past that the migration fails part-way; check the database before running it again.`,
    );
  }
  const time = estimate(plan, index);
  if (time) lines.push(`Estimated time: ${time}`);
  lines.push(`Risk: ${plan.analysis.risk}`);
  if (index === 0) {
    for (const finding of plan.analysis.findings.filter((x) => x.severity !== 'info')) {
      lines.push(`${finding.severity === 'error' ? 'Error' : 'Warning'} (${finding.code}): ${finding.message}`);
    }
  }
  if (phase.guide) lines.push('', ...phase.guide.split('\n'));
  return ['/**', ...lines.map((l) => commentText(` * ${l}`.trimEnd()).replace(/^ \*$/, ' *')), ' */'].join('\n');
}

function downSource(f: FileContext, down: Body, ctx: StepContext, outside: string, refused: string | undefined, title: string): string {
  if (refused) return `throw new Error(${jsString(`This migration cannot be undone: ${refused}. Write its down by hand.`)});`;
  if (!hasWork(f.phase.down)) return `console.log(${jsString(capitalized(nothingToUndo(f)))});`;
  return wrap(down, title, DOWN_WORDS, ctx, outside);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One migration file's source. */
export function migrationSource(f: FileContext): string {
  const ctx: StepContext = { dialect: f.sequelize, transactional: f.phase.transactional };
  // the down may need another transaction mode than the up (a contract's down backfills in batches)
  const downCtx: StepContext = { dialect: f.sequelize, transactional: f.phase.downTransactional ?? f.phase.transactional };
  const outside = f.sequelize.outsideTransaction(f.phase.up);
  const up = upBody(f, ctx);
  const down = downBody(f, downCtx);
  const refused = irreversible(f.plan, f.phase);
  const last = f.index === f.plan.phases.length - 1;
  const checks = last ? verificationChecks(f.plan.operations, f.sequelize, f.db) : [];
  const title = f.plan.phases.length > 1 ? `${f.plan.description} (phase ${f.index + 1} of ${f.plan.phases.length}: ${f.phase.name})` : f.plan.description;
  const upSource = hasWork(f.phase.up) ? wrap(up, title, UP_WORDS, ctx, outside) : `console.log(${jsString(`Nothing to run in phase ${f.phase.name}`)});`;
  return [
    "'use strict';",
    '',
    header(f, up, down, outside, refused),
    '',
    ...(checks.length ? [VERIFY_HELPER] : []),
    'module.exports = {',
    '  async up(queryInterface, Sequelize) {',
    indent(upSource + verification(checks, ctx), '    '),
    '  },',
    '',
    '  async down(queryInterface, Sequelize) {',
    indent(downSource(f, down, downCtx, f.sequelize.outsideTransaction(f.phase.down), refused, title), '    '),
    '  },',
    '};',
    '',
  ].join('\n');
}

/** `add email_verified to users` → `add-email-verified-to-users`. */
export function kebab(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'migration'
  );
}

/** YYYYMMDDHHmmss in UTC, as sequelize-cli names its files. */
export function timestamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

/** The first timestamp: `at`, or one second after the newest existing migration when that is later (sequelize-cli runs files in name order). */
function firstTime(at: Date, existing: readonly string[]): number {
  const stamps = existing.flatMap((name) => {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-/.exec(name);
    return m ? [Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)] : [];
  });
  const start = Math.floor(at.getTime() / 1000) * 1000;
  return stamps.length ? Math.max(start, Math.max(...stamps) + 1000) : start;
}

function joinPath(dir: string, name: string): string {
  const base = dir.replace(/\/+$/, '');
  return base === '' || base === '.' ? name : `${base}/${name}`;
}

/** The plan's migration files: one per phase, one second apart, the phase's name in the file name when there are several. */
export function emitSequelize(input: EmitInput): EmittedFile[] {
  const { plan } = input;
  const db = getDialect(plan.dialect);
  const sequelize = SEQUELIZE_DIALECTS[db.name];
  const name = kebab(input.name ?? plan.description);
  const start = firstTime(input.at, input.existing ?? []);
  const many = plan.phases.length > 1;
  return plan.phases.map((phase, index) => {
    const suffix = many ? `-${index + 1}-${kebab(phase.name)}` : '';
    return {
      path: joinPath(input.dir, `${timestamp(new Date(start + index * 1000))}-${name}${suffix}.js`),
      content: migrationSource({ plan, phase, index, db, sequelize }),
    };
  });
}
