import type { Phase, Plan } from '../plan/plan';
import type { ReportFile } from './markdown';

/**
 * The same change in the other frameworks mig knows, for the report's "Alternative Frameworks":
 * each framework's own migration file around the plan's SQL, one file per phase where the phase's
 * transaction mode or deploy order needs one, with the framework's commands to apply and roll back.
 */
export interface AlternativeFramework {
  name: string;
  files: ReportFile[];
  apply: string;
  rollback: string;
  /** what the framework cannot do that the plan needs, and how to do it */
  notes: string[];
}

interface Unit {
  /** name suffix, empty for a one-unit plan */
  suffix: string;
  transactional: boolean;
  up: string[];
  down: string[];
  /** indexes into `up` of statements to repeat until they change no rows */
  repeat: Set<number>;
  afterDeploy: boolean;
  /** split from its phase so it runs alone, without the phase's session settings */
  alone?: boolean;
}

const SESSION = /^\s*(SET|RESET)\s/i;

function units(plan: Plan, oneStatementOutsideTransaction: boolean): Unit[] {
  const list: Unit[] = [];
  const many = plan.phases.length > 1;
  plan.phases.forEach((p: Phase, i) => {
    const suffix = many ? `_${i + 1}_${p.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}` : '';
    const repeat = new Set(p.repeat ?? []);
    const base = { transactional: p.transactional && p.downTransactional !== false, afterDeploy: p.afterDeploy === true };
    const work = p.up.flatMap((sql, j) => (SESSION.test(sql) ? [] : [{ sql, j }]));
    if (!p.transactional && oneStatementOutsideTransaction && p.up.length > 1) {
      // a script runner sends a file as one script, which PostgreSQL runs in one implicit transaction:
      // each statement that cannot share one goes alone in its file (session settings cannot follow it)
      work.forEach(({ sql, j }, k) =>
        list.push({
          ...base,
          suffix: work.length > 1 ? `${suffix}_${k + 1}` : suffix,
          up: [sql],
          down: k === work.length - 1 ? p.down.filter((d) => !SESSION.test(d)) : [],
          repeat: repeat.has(j) ? new Set([0]) : new Set(),
          alone: true,
        }),
      );
    } else {
      list.push({ ...base, suffix, up: p.up, down: p.down, repeat });
    }
  });
  return list;
}

function slug(plan: Plan): string {
  return plan.description.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 60) || 'migration';
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function stamp(at: Date, offset: number, withMs = false): string {
  const d = new Date(at.getTime() + offset * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return withMs ? `${base}${p(d.getUTCMilliseconds(), 3)}` : base;
}

function jsTemplate(sql: string): string {
  return `\`${sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

function pyString(sql: string): string {
  return `"""${sql.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"')}"""`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

const ALONE_NOTE =
  'A statement that cannot run in a transaction (such as CREATE INDEX CONCURRENTLY) is alone in its migration: a migration file is sent as one script, which PostgreSQL runs in one implicit transaction. Its phase\'s session settings (lock_timeout, statement_timeout) cannot go with it: set them for the migration role (`ALTER ROLE … SET lock_timeout = \'5s\'`) or run that phase with mig.';

const REPEAT_NOTE = (name: string) =>
  `${name} runs each statement once: a statement marked "repeat until it changes no rows" is one batch of the backfill; run it again (or run the plan with mig) until it reports 0 rows.`;

function sqlBody(unit: Unit, statements: string[], separator = '\n\n'): string {
  if (statements.length === 0) return '-- nothing to undo';
  return statements
    .map((s, i) => (statements === unit.up && unit.repeat.has(i) ? `-- repeat until it changes no rows\n${s};` : `${s};`))
    .join(separator);
}

function sequelize(plan: Plan, at: Date): AlternativeFramework {
  const files = units(plan, false).map((u, i) => {
    const call = (s: string, repeat: boolean) => {
      const opts = u.transactional ? '{ transaction, type: QueryTypes.UPDATE }' : '{ type: QueryTypes.UPDATE }';
      if (repeat) {
        return `for (;;) {\n  const [, changed] = await queryInterface.sequelize.query(${jsTemplate(s)}, ${opts});\n  if (!changed) break;\n}`;
      }
      return `await queryInterface.sequelize.query(${jsTemplate(s)}${u.transactional ? ', { transaction }' : ''});`;
    };
    const body = (stmts: string[], repeat: Set<number>) => {
      const lines = stmts.map((s, idx) => call(s, repeat.has(idx))).join('\n');
      return u.transactional && stmts.length ? `await queryInterface.sequelize.transaction(async (transaction) => {\n${indent(lines, '  ')}\n});` : lines;
    };
    return {
      path: `migrations/${stamp(at, i)}-${slug(plan).replace(/_/g, '-')}${u.suffix.replace(/_/g, '-')}.js`,
      language: 'javascript',
      content: [
        `'use strict';`,
        `const { QueryTypes } = require('sequelize');`,
        '',
        `/** ${plan.description}${u.afterDeploy ? ' — run only after the application deploy' : ''}${u.transactional ? '' : ' (outside a transaction)'} */`,
        'module.exports = {',
        '  async up(queryInterface) {',
        indent(body(u.up, u.repeat), '    '),
        '  },',
        '',
        '  async down(queryInterface) {',
        indent(body(u.down, new Set()) || '// nothing to undo', '    '),
        '  },',
        '};',
        '',
      ].join('\n'),
    };
  });
  return { name: 'Sequelize', files, apply: 'npx sequelize-cli db:migrate', rollback: 'npx sequelize-cli db:migrate:undo', notes: [] };
}

function typeorm(plan: Plan, at: Date): AlternativeFramework {
  const files = units(plan, false).map((u, i) => {
    const ms = at.getTime() + i * 1000;
    const cls = `${pascal(slug(plan))}${pascal(u.suffix)}${ms}`;
    const body = (stmts: string[], repeat: Set<number>) =>
      stmts.length
        ? stmts
            .map((s, idx) =>
              repeat.has(idx)
                ? `while ((await queryRunner.query(${jsTemplate(s)}, undefined, true)).affected) {\n  // one batch per round\n}`
                : `await queryRunner.query(${jsTemplate(s)});`,
            )
            .join('\n')
        : '// nothing to undo';
    return {
      path: `src/migrations/${ms}-${pascal(slug(plan))}${pascal(u.suffix)}.ts`,
      language: 'typescript',
      content: [
        `import { MigrationInterface, QueryRunner } from 'typeorm';`,
        '',
        `/** ${plan.description}${u.afterDeploy ? ' — run only after the application deploy' : ''} */`,
        `export class ${cls} implements MigrationInterface {`,
        `  name = '${cls}';`,
        ...(u.transactional ? [] : ['  // its statements cannot run inside a transaction', '  transaction = false;']),
        '',
        '  public async up(queryRunner: QueryRunner): Promise<void> {',
        indent(body(u.up, u.repeat), '    '),
        '  }',
        '',
        '  public async down(queryRunner: QueryRunner): Promise<void> {',
        indent(body(u.down, new Set()), '    '),
        '  }',
        '}',
        '',
      ].join('\n'),
    };
  });
  return {
    name: 'TypeORM',
    files,
    apply: 'npx typeorm migration:run -d src/data-source.ts --transaction each',
    rollback: 'npx typeorm migration:revert -d src/data-source.ts --transaction each',
    notes: [
      '`--transaction each` gives every migration its own transaction (TypeORM\'s default wraps all pending migrations in one), and lets a migration with `transaction = false` run outside one.',
    ],
  };
}

function django(plan: Plan): AlternativeFramework {
  const list = units(plan, false);
  const files = list.map((u, i) => {
    const number = String(i + 1).padStart(4, '0');
    const name = `${number}_${slug(plan)}${u.suffix}`.slice(0, 80);
    const ops: string[] = [];
    const plain = u.up.filter((_, idx) => !u.repeat.has(idx));
    if (plain.length || u.down.length) {
      ops.push(
        [
          'migrations.RunSQL(',
          `    sql=[${plain.map((s) => `\n        ${pyString(s)},`).join('')}\n    ],`,
          `    reverse_sql=[${u.down.map((s) => `\n        ${pyString(s)},`).join('')}\n    ],`,
          '),',
        ].join('\n'),
      );
    }
    const repeats = u.up.filter((_, idx) => u.repeat.has(idx));
    const helpers = repeats.map(
      (s, k) =>
        `def backfill_${k + 1}(apps, schema_editor):\n    with schema_editor.connection.cursor() as cursor:\n        while True:\n            cursor.execute(${pyString(s)})\n            if cursor.rowcount == 0:\n                break\n`,
    );
    repeats.forEach((_, k) => ops.push(`migrations.RunPython(backfill_${k + 1}, migrations.RunPython.noop),`));
    const previous = i === 0 ? '# ("yourapp", "<its latest migration>"),' : `("yourapp", "${`${String(i).padStart(4, '0')}_${slug(plan)}${list[i - 1]!.suffix}`.slice(0, 80)}"),`;
    return {
      path: `yourapp/migrations/${name}.py`,
      language: 'python',
      content: [
        'from django.db import migrations',
        '',
        '',
        ...helpers.map((h) => `${h}\n`),
        'class Migration(migrations.Migration):',
        `    """${plan.description}${u.afterDeploy ? ' — run only after the application deploy' : ''}"""`,
        ...(u.transactional ? [] : ['    atomic = False  # its statements cannot run inside a transaction']),
        '',
        `    dependencies = [\n        ${previous}\n    ]`,
        '',
        `    operations = [\n${indent(ops.join('\n'), '        ')}\n    ]`,
        '',
      ].join('\n'),
    };
  });
  return {
    name: 'Django',
    files,
    apply: 'python manage.py migrate yourapp',
    rollback: 'python manage.py migrate yourapp <the migration before this one>',
    notes: [
      'Number the files after the app\'s latest migration and put it in the first `dependencies`. RunSQL does not change Django\'s model state: update the model in the same commit (or add `state_operations`) so `makemigrations` sees no change.',
    ],
  };
}

function rails(plan: Plan, at: Date): AlternativeFramework {
  const files = units(plan, false).map((u, i) => {
    const body = (stmts: string[], repeat: Set<number>) =>
      stmts.length
        ? stmts
            .map((s, idx) =>
              repeat.has(idx)
                ? `loop do\n  break if exec_update(<<~SQL).zero?\n${indent(s, '    ')}\n  SQL\nend`
                : `execute <<~SQL\n${indent(s, '  ')}\nSQL`,
            )
            .join('\n')
        : '# nothing to undo';
    return {
      path: `db/migrate/${stamp(at, i)}_${slug(plan)}${u.suffix}.rb`,
      language: 'ruby',
      content: [
        `# ${plan.description}${u.afterDeploy ? ' — run only after the application deploy' : ''}`,
        `class ${pascal(slug(plan))}${pascal(u.suffix)} < ActiveRecord::Migration[7.1]`,
        ...(u.transactional ? [] : ['  disable_ddl_transaction! # its statements cannot run inside a transaction', '']),
        '  def up',
        indent(body(u.up, u.repeat), '    '),
        '  end',
        '',
        '  def down',
        indent(body(u.down, new Set()), '    '),
        '  end',
        'end',
        '',
      ].join('\n'),
    };
  });
  return { name: 'Rails (Active Record)', files, apply: 'bin/rails db:migrate', rollback: `bin/rails db:rollback STEP=${files.length}`, notes: [] };
}

function prisma(plan: Plan, at: Date): AlternativeFramework {
  const list = units(plan, plan.dialect === 'postgres');
  const files = list.map((u, i) => ({
    path: `prisma/migrations/${stamp(at, i)}_${slug(plan)}${u.suffix}/migration.sql`,
    language: 'sql',
    content: `-- ${plan.description}${u.afterDeploy ? ' — run only after the application deploy' : ''}\n\n${sqlBody(u, u.up)}\n`,
  }));
  const notes = [
    'Create each folder with `npx prisma migrate dev --create-only --name <name>` and paste the SQL, so the migration history and `schema.prisma` stay in step (update the model to match).',
    'Prisma has no down migrations: to roll back, run the down SQL of the Raw SQL files with `npx prisma db execute --file <down.sql>` and mark the migration rolled back with `npx prisma migrate resolve --rolled-back <folder>`.',
  ];
  if (list.some((u) => u.alone)) notes.push(ALONE_NOTE);
  if (list.some((u) => u.repeat.size)) notes.push(REPEAT_NOTE('Prisma'));
  return { name: 'Prisma Migrate', files, apply: 'npx prisma migrate deploy', rollback: 'npx prisma db execute --file <down.sql> && npx prisma migrate resolve --rolled-back <folder>', notes };
}

function drizzle(plan: Plan): AlternativeFramework {
  const list = units(plan, false);
  const files = list.map((u, i) => ({
    path: `drizzle/${String(i).padStart(4, '0')}_${slug(plan)}${u.suffix}.sql`,
    language: 'sql',
    content: `${sqlBody(u, u.up, '\n--> statement-breakpoint\n')}\n`,
  }));
  const notes = [
    'Create each file with `npx drizzle-kit generate --custom --name=<name>` (it numbers the file and records it in `drizzle/meta/_journal.json`) and paste the SQL; update the schema file to match.',
    'Drizzle Kit has no down migrations: roll back by running the down SQL of the Raw SQL files and removing the migration\'s row from `drizzle.__drizzle_migrations`.',
  ];
  if (list.some((u) => !u.transactional)) {
    notes.push('`drizzle-kit migrate` runs all pending migrations in one transaction on PostgreSQL: the phases outside a transaction (the files with CONCURRENTLY) cannot run under it; run those with mig or psql, then record them.');
  }
  if (list.some((u) => u.repeat.size)) notes.push(REPEAT_NOTE('Drizzle Kit'));
  return { name: 'Drizzle Kit', files, apply: 'npx drizzle-kit migrate', rollback: 'run the down SQL by hand (see the notes)', notes };
}

function flyway(plan: Plan, at: Date): AlternativeFramework {
  const list = units(plan, false);
  const files = list.flatMap((u, i) => {
    const version = stamp(at, i);
    const name = `${slug(plan)}${u.suffix}`;
    const out: ReportFile[] = [
      { path: `db/migration/V${version}__${name}.sql`, language: 'sql', content: `-- ${plan.description}\n\n${sqlBody(u, u.up)}\n` },
      { path: `db/migration/U${version}__${name}.sql`, language: 'sql', content: `-- Undo: ${plan.description}\n\n${sqlBody(u, u.down)}\n` },
    ];
    if (!u.transactional) out.push({ path: `db/migration/V${version}__${name}.sql.conf`, language: 'properties', content: 'executeInTransaction=false\n' });
    return out;
  });
  const notes = ['Undo migrations (`U…` files, `flyway undo`) need Flyway Teams or Enterprise; with the Community edition, run the `U…` SQL by hand and `flyway repair`.'];
  if (list.some((u) => u.repeat.size)) notes.push(REPEAT_NOTE('Flyway'));
  return { name: 'Flyway', files, apply: 'flyway migrate', rollback: 'flyway undo', notes };
}

/** The change in every framework but `primary` (by name), in a stable order. */
export function alternativeFrameworks(plan: Plan, at: Date, primary?: string): AlternativeFramework[] {
  return [sequelize(plan, at), typeorm(plan, at), prisma(plan, at), drizzle(plan), django(plan), rails(plan, at), flyway(plan, at)].filter(
    (f) => f.name !== primary,
  );
}
