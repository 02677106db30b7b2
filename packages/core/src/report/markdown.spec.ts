import { getDialect } from '../dialects/index';
import { applyOperations } from '../model/apply';
import { emptySchema, type Schema } from '../model/schema';
import { plan } from '../plan/plan';
import { prepareAnalyzer } from '../safety/analyze';
import { renderGithubAnnotations } from './github';
import { renderMarkdownReport } from './markdown';

const generatedAt = new Date(Date.UTC(2026, 0, 15, 14, 30));
const postgres = getDialect('postgres');

function usersSchema(rows: number | null): Schema {
  const schema = applyOperations(emptySchema(), [
    {
      kind: 'createTable',
      table: 'users',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'email', type: 'string(255)', nullable: false },
        { name: 'old_name', type: 'string(50)', nullable: true },
      ],
    },
  ]);
  schema.tables[0]!.stats = { rows, bytes: rows === null ? null : rows * 120, basis: 'pg_class.reltuples' };
  return schema;
}

beforeAll(() => prepareAnalyzer('postgres'));

describe('the Markdown report', () => {
  test('pre-flight answers become a table; without --db the section says they were not run', () => {
    const base = plan('make users.email not null', { dialect: postgres });
    expect(renderMarkdownReport({ plan: base, dialect: postgres, generatedAt })).toContain('Not run: plan with `--db`');
    const answered = {
      ...base,
      analysis: {
        ...base.analysis,
        preflight: [
          {
            check: 'notNull' as const,
            table: 'users',
            columns: ['email'],
            question: 'rows of users that have email NULL: SET NOT NULL would fail on them',
            status: 'ok' as const,
            query: 'SELECT COUNT(*) AS n FROM users WHERE email IS NULL',
            rows: 0,
          },
        ],
      },
    };
    const md = renderMarkdownReport({ plan: answered, dialect: postgres, generatedAt });
    expect(md).toContain(
      [
        '| Question | Answer | Re-check with |',
        '|---|---|---|',
        '| rows of users that have email NULL: SET NOT NULL would fail on them | none | `SELECT COUNT(*) AS n FROM users WHERE email IS NULL` |',
      ].join('\n'),
    );
  });

  test('has every section of the seed report, in order', () => {
    const md = renderMarkdownReport({ plan: plan('add email_verified to users', { dialect: postgres }), dialect: postgres, generatedAt });
    let inFence = false;
    const headings = md.split('\n').filter((l) => {
      if (l.startsWith('```')) inFence = !inFence;
      return !inFence && l.startsWith('#');
    });
    expect(headings).toEqual([
      '# Migration: Add email_verified to users',
      '## Summary',
      '### Changes:',
      '## Impact Assessment',
      '### Risk Analysis',
      '### Performance Impact',
      '### Pre-flight Checks',
      '## Generated Migration Files',
      '### File: `migrations/add_email_verified_to_users.up.sql`',
      '### File: `migrations/add_email_verified_to_users.down.sql`',
      '## Alternative Frameworks',
      '### Sequelize',
      '### TypeORM',
      '### Prisma Migrate',
      '### Drizzle Kit',
      '### Django',
      '### Rails (Active Record)',
      '### Flyway',
      '## Testing Guide',
      '### Step 1: Development Environment',
      '### Step 2: Staging Environment',
      '### Step 3: Production Deployment',
      '## Rollback Procedures',
      '### Immediate Rollback',
      '### Delayed Rollback (data may have been written since)',
      '## Verification Queries',
      '### After up',
      '### After down',
      '## Monitoring After Deployment',
      '### Sessions waiting on locks',
      '### Table size',
      '### Index usage',
      '## Next Steps',
    ]);
    expect(md).toContain('**Generated**: 2026-01-15 14:30 UTC');
    expect(md).toContain('ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;');
  });

  test('without statistics, sizes are said to be unknown, never made up', () => {
    const md = renderMarkdownReport({ plan: plan('add email_verified to users', { dialect: postgres }), dialect: postgres, generatedAt });
    expect(md).toContain('`users`: unknown — pass --db to read table statistics');
    expect(md).not.toMatch(/~\d/);
  });

  test('with statistics, the affected rows come from them, with their basis', () => {
    const schema = usersSchema(104_512);
    const md = renderMarkdownReport({
      plan: plan('add email_verified to users', { dialect: postgres, schema }),
      dialect: postgres,
      schema,
      generatedAt,
    });
    expect(md).toContain('`users`: ~104,512 rows (pg_class.reltuples)');
  });

  test('a table never analysed says so', () => {
    const schema = usersSchema(null);
    const md = renderMarkdownReport({ plan: plan('add email_verified to users', { dialect: postgres, schema }), dialect: postgres, schema, generatedAt });
    expect(md).toContain('`users`: unknown — no statistics yet (pg_class.reltuples); run ANALYZE');
  });

  test('verification queries check the change after up and its absence after down, per dialect', () => {
    for (const name of ['postgres', 'mysql', 'sqlite']) {
      const dialect = getDialect(name);
      const md = renderMarkdownReport({ plan: plan('add index on users.email', { dialect }), dialect, generatedAt });
      expect(md).toContain('-- index idx_users_email exists');
      expect(md).toContain('-- index idx_users_email is gone (expect 0 rows)');
      expect(md).toContain("'idx_users_email'");
    }
  });

  test('a destructive change says so and keeps a copy before a delayed rollback', () => {
    const schema = usersSchema(10);
    const p = plan('remove old_name from users', { dialect: postgres, schema });
    const md = renderMarkdownReport({ plan: p, dialect: postgres, schema, generatedAt });
    expect(md).toContain('**Data Loss Potential**: Yes');
    expect(md).toContain('**MIG-P002** (warning)');
    const added = renderMarkdownReport({ plan: plan('add email_verified to users', { dialect: postgres, schema }), dialect: postgres, schema, generatedAt });
    expect(added).toContain('CREATE TABLE users_email_verified_backup AS SELECT * FROM users;');
  });
});

describe('GitHub annotations', () => {
  test('one workflow command per finding, with data escaped', () => {
    const p = plan('remove old_name from users', { dialect: postgres });
    const out = renderGithubAnnotations(p, 'migrations/001.sql');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(p.analysis.findings.length);
    expect(lines[0]).toMatch(/^::warning file=migrations\/001\.sql,title=MIG-P001 remove old_name from users::/);
  });
});
