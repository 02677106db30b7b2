import { MigError } from '../errors';
import { validateExpression } from './expression';

describe('validateExpression', () => {
  test.each([
    ['email_verified is null', 'email_verified IS NULL'],
    ['price>=0', 'price >= 0'],
    ['((price > 0))', 'price > 0'],
    ["status IN ('a','b')", "status IN ('a', 'b')"],
    ['lower( email ) = email', 'lower(email) = email'],
    ['a between -1 and +1', 'a BETWEEN -1 AND +1'],
    ['x > -y', 'x > -y'],
    ["name like 'it''s%'", "name LIKE 'it''s%'"],
    ['t.c <> 1 or not d', 't.c <> 1 OR NOT d'],
    ['created_at < current_timestamp', 'created_at < CURRENT_TIMESTAMP'],
    ['amount::numeric > 1.5e3', 'amount::numeric > 1.5e3'],
    ["case when a then 'x' else 'y' end = 'x'", "CASE WHEN a THEN 'x' ELSE 'y' END = 'x'"],
    ["note = 'naïve'", "note = 'naïve'"],
  ])('%s → %s', (text, sql) => {
    expect(validateExpression(text, 'check').sql).toBe(sql);
  });

  test('lists plain column names, not functions or qualifiers', () => {
    expect(validateExpression('lower(t.email) = email_copy and n > 0', 'check').names).toEqual(['email', 'email_copy', 'n']);
  });

  test.each([
    ['a = 1; drop table t', 'contains ";"'],
    ['a = 1 -- c', 'contains the comment marker "--"'],
    ['a = 1 # c', 'contains the comment marker "#"'],
    ['a /* c */ = 1', 'contains the comment marker "/*"'],
    ["a = 'x", 'has an unclosed quote'],
    ["a = 'x\\' or 1=1", 'has a backslash in a string'],
    ['(a = 1', 'has a ( without its )'],
    ['a = 1)', 'has a ) without its ('],
    ['a = 1, b = 2', 'has a comma outside parentheses'],
    ['(a, b)', 'has a comma outside parentheses'],
    ['a >= . 0', 'has a "." that is not between two names'],
    ['named p price > 0', 'has named and p side by side'],
    ["(a) 'x' = 1", "has ) and 'x' side by side"],
    ['a in (select 1)', 'contains the statement keyword SELECT'],
    ['a = 1 union all b', 'contains the statement keyword UNION'],
    ['drop', 'contains the statement keyword DROP'],
    ['"a" = 1', 'has a quoted name'],
    ['`a` = 1', 'has a quoted name'],
    ["E'x' = a", "has a prefixed string E'...'"],
    ['a = $1', 'has the character "$"'],
    ['a = 1abc', 'has a malformed number'],
    ['émail = 1', 'has the character "é"'],
    ['sleep(5) = 0', 'calls sleep()'],
    ['', 'is empty'],
  ])('refuses %s', (text, problem) => {
    expect(() => validateExpression(text, 'where')).toThrow(MigError);
    expect(() => validateExpression(text, 'where')).toThrow(problem);
  });
});
