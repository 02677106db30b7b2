/**
 * Writing JavaScript source text safely: every identifier, value and SQL statement that reaches a
 * migration file goes through one of these, so no name or string can break out of its literal.
 */

/**
 * A JavaScript string literal built from JSON.stringify, so every control character, backslash and
 * line separator is escaped: single-quoted (sequelize-cli's style), or double-quoted when the text
 * holds single quotes and no double ones (SQL with string literals reads better unescaped).
 */
export function jsString(text: string): string {
  const json = JSON.stringify(text);
  if (text.includes("'") && !text.includes('"')) return json;
  const inner = json.slice(1, -1).replace(/\\.|'/g, (m) => (m === '\\"' ? '"' : m === "'" ? "\\'" : m));
  return `'${inner}'`;
}

/**
 * A SQL statement as a JavaScript expression: a string literal, or for a statement over several
 * lines an array of one literal per line joined with newlines — readable, and exact whatever the
 * indentation of the code around it (a template literal's lines would take that indentation in).
 */
export function sqlLiteral(sql: string): string {
  if (!sql.includes('\n')) return jsString(sql);
  return `[\n${sql
    .split('\n')
    .map((line) => `  ${jsString(line)},`)
    .join('\n')}\n].join('\\n')`;
}

/** An object key: bare when it is a plain identifier, quoted otherwise. */
export function jsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : jsString(name);
}

/** An array of strings: `['a', 'b']`. */
export function jsStrings(list: readonly string[]): string {
  return `[${list.map(jsString).join(', ')}]`;
}

/** Text inside a `/** … *\/` comment: a `*\/` in it would end the comment early. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

export function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

/** The first line of a statement, shortened for a log line or a comment. */
export function shortSql(sql: string, max = 90): string {
  const line = sql.trim().split('\n')[0]!.trim();
  const more = line.length > max || sql.trim().includes('\n');
  return more ? `${line.slice(0, max).trimEnd()} …` : line;
}
