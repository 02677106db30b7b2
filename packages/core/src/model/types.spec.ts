import { MigError } from '../errors';
import { normalizeType, parseType } from './types';

describe('portable types', () => {
  test.each([
    ['boolean', 'boolean'],
    ['string', 'string(255)'],
    ['STRING(40)', 'string(40)'],
    ['decimal(10,2)', 'decimal(10,2)'],
    ['decimal( 8 )', 'decimal(8,0)'],
    ['decimal', 'decimal'],
    ['enum(draft, published)', 'enum(draft,published)'],
    ["enum('a','b')", 'enum(a,b)'],
    ['timestamptz', 'timestamptz'],
    ['jsonb', 'jsonb'],
  ])('%s → %s', (input, canonical) => {
    expect(normalizeType(input)).toBe(canonical);
  });

  test.each(['varchar(10)', 'string(0)', 'string(a)', 'decimal(2,5)', 'boolean(1)', 'enum()', "enum('a;drop')", 'string(1,2)'])(
    '%s is refused with a MigError',
    (input) => {
      expect(() => parseType(input)).toThrow(MigError);
    },
  );

  test('an unknown type lists the portable ones', () => {
    expect(() => parseType('money')).toThrow(/portable types are: boolean, integer, .*string\(n\).*enum\(a,b\)/);
  });
});
