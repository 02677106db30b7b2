import { fixOf, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlEnumChangeNotAppend as rule } from './mysql-enum-change-not-append';

describe(rule.id, () => {
  it.each([
    "ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'",
    "ALTER TABLE users MODIFY COLUMN status enum('active','inactive') NOT NULL DEFAULT 'inactive'",
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: a member inserted before the existing ones', () => {
    expect(lintErrors(rule, "ALTER TABLE users MODIFY COLUMN status enum('banned','active','inactive') NOT NULL DEFAULT 'active'")).toMatchInlineSnapshot(`
"MIG-MY105 warning: change the type of users.status: the new member list changes the order of the members, so stored values are rewritten: the table is copied; writes to users wait until the copy is done
  fix: ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'"
`);
  });

  it('err: a member removed (no SQL fix: the rows holding it must change first)', () => {
    expect(lintErrors(rule, "ALTER TABLE users MODIFY COLUMN status enum('active') NOT NULL DEFAULT 'active'")).toMatchInlineSnapshot(`
"MIG-MY105 warning: change the type of users.status: the new member list removes 'inactive', so stored values are rewritten: the table is copied; writes to users wait until the copy is done
  fix: keep the existing members in their order and append new ones at the end (INSTANT); removing members copies the table and needs the rows holding them changed first"
`);
  });

  it('its fix appends instead, and clears it', () => {
    const fix = fixOf(rule, "ALTER TABLE users MODIFY COLUMN status enum('banned','active','inactive') NOT NULL DEFAULT 'active'");
    expect(fix).toMatchInlineSnapshot(`"ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'"`);
    expect(lintOk(rule, fix)).toEqual([]);
  });
});
