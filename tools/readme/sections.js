'use strict';
/**
 * The README sections that are generated from the code, so they cannot drift from it: the phrase
 * list, the type-inference rules and the per-dialect type table. `node tools/readme/generate.js`
 * rewrites them; a test fails when the README is out of date.
 */

const PORTABLE_TYPES = [
  'boolean', 'integer', 'bigint', 'smallint', 'string(255)', 'text', 'decimal(10,2)', 'float', 'double',
  'date', 'time', 'timestamp', 'timestamptz', 'uuid', 'json', 'jsonb', 'binary', 'enum(a,b)',
];

function typeCell(dialect, type) {
  if (dialect.name === 'postgres' && type.startsWith('enum(')) return '`CREATE TYPE … AS ENUM`';
  if (dialect.name === 'sqlite' && type.startsWith('enum(')) return '`TEXT` + `CHECK (c IN (…))`';
  return `\`${dialect.renderType(type)}\``;
}

function sections(core) {
  const dialects = ['postgres', 'mysql', 'sqlite'].map((d) => core.getDialect(d));
  return {
    phrases: core.EXAMPLE_PHRASES.map((p) => `- \`${p}\``).join('\n'),
    inference: ['| column name | type |', '|---|---|']
      .concat(
        core.INFERENCE_RULES.map((r) => {
          const [names, type] = r.describe.split(' → ');
          return `| ${names.split(', ').map((n) => `\`${n}\``).join(', ')} | ${type} |`;
        }),
      )
      .join('\n'),
    types: ['| portable | PostgreSQL | MySQL / MariaDB | SQLite |', '|---|---|---|---|']
      .concat(PORTABLE_TYPES.map((t) => `| \`${t}\` | ${dialects.map((d) => typeCell(d, t)).join(' | ')} |`))
      .join('\n'),
  };
}

/** Replace the text between `<!-- name:start -->` and `<!-- name:end -->` markers. */
function fill(readme, values) {
  let out = readme;
  for (const [name, text] of Object.entries(values)) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README has no <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
    out = out.replace(re, (_m, start, end) => `${start}\n${text}\n${end}`);
  }
  return out;
}

module.exports = { sections, fill };
