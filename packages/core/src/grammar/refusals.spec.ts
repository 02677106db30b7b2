import { MigError } from '../errors';
import { parseDescription } from './index';

/** The message of the MigError a description is refused with. */
function refusal(text: string, options?: { maxIdentifierLength?: number }): string {
  try {
    parseDescription(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(MigError);
    const message = (e as MigError).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error(`expected "${text}" to be refused`);
}

const RULE = 'names are ASCII letters, digits and _, not starting with a digit, at most 63 characters';

const REFUSALS: Array<[string, string[]]> = [
  // unknown phrases, with the closest supported one
  [
    'ad email to users',
    [
      'could not understand "ad email to users"; the closest supported phrase is "add email_verified to users" — see mig plan --help for the list',
    ],
  ],
  ['renme column a to b in users', ['could not understand', 'the closest supported phrase is "rename column old_name to new_name in users"']],
  ['creat posts table', ['could not understand', 'closest supported phrase is "create posts table"']],
  ['drop indx idx_users_email', ['could not understand', 'closest supported phrase is "drop index idx_users_email"']],
  ['add email to users; drop table users', ['could not understand', '";" (in "users;") is not part of any phrase', 'closest supported phrase is']],
  // bad names
  ['add "x;y" to users', [`bad name "x;y": it contains ";"; ${RULE}`]],
  ['add "a--b" to users', ['bad name "a--b": it contains "-"', RULE]],
  ['add x--y to users', ['bad name "x--y": it contains "-"']],
  ['add "x"" ; drop table users; --" to users', ['bad name "x\\" ; drop table users; --": it contains "\\""', RULE]],
  ["add 'x'' or 1=1 --' to users", ['bad name "x\' or 1=1 --": it contains "\'"']],
  ['add `x``; drop table t` to users', ['bad name "x`; drop table t": it contains "`"']],
  ['add émail to users', ['bad name "émail": it contains "é"', RULE]],
  ['rename table users to 用户', ['bad name "用户"', RULE]],
  ['add 1abc to users', ['bad name "1abc": it starts with a digit', RULE]],
  [`add ${'a'.repeat(64)} to users`, ['it is 64 characters long', RULE]],
  ['create table t with "a b"', ['bad name "a b": it contains " "']],
  ['add "" to users', ['bad name "": it is empty']],
  ['add x to "users\u0000"', ['bad name "users\\u0000": it contains "\\u0000"']],
  ['add "x;y" foo to users', ['bad name "x;y"']],
  ['add "x to users', ['unclosed " quote in "\\"x to users"']],
  // expressions
  ['backfill users.a = 1 where id in (select id from admins)', ['where "id in (select id from admins)" contains the statement keyword SELECT']],
  ['backfill users.a = 1 where a = 1; delete from users', ['where "a = 1; delete from users" contains ";"']],
  ['backfill users.a = 1 where a /* x */ = 1', ['contains the comment marker "/*"']],
  ['add check price > 0; drop table x to products', ['check "price > 0; drop table x" contains ";"']],
  ['add check price > 0 -- x to products', ['check "price > 0 -- x" contains the comment marker "--"']],
  ['add check (price > 0 to products', ['check "(price > 0" has a ( without its )']],
  ['add check price > (select max(p) from q) to products', ['contains the statement keyword SELECT']],
  ['backfill users set a = pg_sleep(10)', ['value "pg_sleep(10)" calls pg_sleep(), which is not allowed here']],
  ['backfill users.a = 1 where', ['where "" is empty']],
  ["add check name = 'x to products", ["unclosed ' quote"]],
  // types and defaults
  ['add x foo to t', ['unknown column type "foo"; write one of string(n), text, integer']],
  ['add x text(10) to t', ['type text takes no arguments']],
  ['add x string(0) to t', ['bad length in "string(0)"']],
  ["add column age integer default 'abc' to users", ["default 'abc' does not fit integer column age; write a whole number such as 0"]],
  ['add flag boolean default 1 to t', ['default 1 does not fit boolean column flag; write true or false']],
  ['add n smallint default 40000 to t', ['out of range for smallint']],
  ["add code string(5) default 'abcdefgh' to t", ['the value is 8 characters; the column holds 5']],
  ["add is_admin default 'yes' to users", ["default 'yes' does not fit boolean column is_admin"]],
  ['add x integer not null default null to t', ['column x is NOT NULL but its default is null']],
  ['add x default constructor to t', ['default of column x needs a value but got "constructor"']],
  ['add x integer null not null to t', ['column x is marked both null and not null']],
  // missing or unclear parts
  ['add email_verified', ['say which table column email_verified belongs to: "add email_verified to <table>"']],
  ['rename a to b', ['write "rename table a to b" or "rename column a to b in <table>"']],
  ['rename column a to b', ['say which table column a is in: "rename column a to b in <table>"']],
  ['backfill users.a =', ['the backfill needs a value for a']],
  ['add check named p price > 0 to products', ['has named and p side by side']],
  ['drop posts', ['write "drop table posts" or "drop column posts from <table>"']],
  ['remove foreign key on posts.user_id', ['depends on the table it references', 'drop foreign key <name> from posts']],
  ['drop foreign key fk_x', ['"drop foreign key fk_x from <table>"']],
  ['add foreign key posts(a, b) references users', ['name the 2 columns the foreign key references']],
  ['add foreign key posts.user_id references users on delete explode', ['unknown action "explode" after "on delete"']],
  ['create table t without id', ['table t would have no columns']],
  ['create table t with a, a', ['column a appears twice in table t']],
  ['rename users.a to posts.b', ['names two tables, users and posts']],
  ['backfill users set a = 1, a = 2', ['the backfill sets a twice']],
  ['', ['the description is empty']],
  // Rails
  ['AddXToUsers a:foo', ['bad Rails attribute "a:foo": unknown type']],
  ['AddXToUsers a:text{9}', ['text takes no {options}']],
  ['AddXToUsers a:string:foo', ['"foo" is not index or uniq']],
  ['CreateJoinTableCustomerProduct', ['name the two tables of the join table']],
  ['AddXToUsers a;b:string', ['bad name "a;b"']],
];

describe('refusals', () => {
  test.each(REFUSALS)('%s', (text, parts) => {
    const message = refusal(text);
    for (const part of parts) expect(message).toContain(part);
  });

  test('the identifier limit follows the option', () => {
    expect(refusal('add abcdefghijk to t', { maxIdentifierLength: 10 })).toContain('at most 10 characters');
    expect(refusal('add x to t', { maxIdentifierLength: 0 })).toContain('maxIdentifierLength must be a whole number');
  });

  test('reserved words are names like any other', () => {
    expect(parseDescription('add select to from')).toEqual([
      { kind: 'addColumn', table: 'from', column: { name: 'select', type: 'string(255)', nullable: true } },
    ]);
  });
});
