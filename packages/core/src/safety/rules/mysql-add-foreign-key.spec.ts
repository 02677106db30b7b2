import { MYSQL_8_0_35, fixOf, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlAddForeignKey as rule } from './mysql-add-foreign-key';

const ADD_FK = 'ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)';

describe(rule.id, () => {
  it('ok: with foreign_key_checks off', () => {
    expect(lintOk(rule, `SET foreign_key_checks = 0;\n${ADD_FK};\nSET foreign_key_checks = 1`)).toEqual([]);
  });

  it('ok: dropping a foreign key', () => {
    expect(lintOk(rule, 'ALTER TABLE users DROP FOREIGN KEY fk_users_org_id_orgs')).toEqual([]);
  });

  it('err: with foreign_key_checks on', () => {
    expect(lintErrors(rule, ADD_FK, MYSQL_8_0_35)).toMatchInlineSnapshot(`
"MIG-MY106 warning: add foreign key fk_users_org_id_orgs users → orgs: with foreign_key_checks on, every existing row is checked against the parent: the table is copied; writes to users wait for the whole copy, and orgs is held under a metadata lock meanwhile
  fix: -- rows the key would reject; there must be none:
SELECT c.* FROM users c LEFT JOIN orgs p ON p.id = c.org_id WHERE c.org_id IS NOT NULL AND p.id IS NULL LIMIT 10;
SET foreign_key_checks = 0;
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id), ALGORITHM=INPLACE, LOCK=NONE;
SET foreign_key_checks = 1"
`);
  });

  it('err: checks turned back on before the ALTER', () => {
    expect(lintErrors(rule, `SET foreign_key_checks = 0;\nSET SESSION foreign_key_checks = ON;\n${ADD_FK}`)).toMatchInlineSnapshot(`
"MIG-MY106 warning: add foreign key fk_users_org_id_orgs users → orgs: with foreign_key_checks on, every existing row is checked against the parent: the table is copied; writes to users wait for the whole copy, and orgs is held under a metadata lock meanwhile
  fix: -- rows the key would reject; there must be none:
SELECT c.* FROM users c LEFT JOIN orgs p ON p.id = c.org_id WHERE c.org_id IS NOT NULL AND p.id IS NULL LIMIT 10;
SET foreign_key_checks = 0;
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id), ALGORITHM=INPLACE, LOCK=NONE;
SET foreign_key_checks = 1"
`);
  });

  it('its fix checks for orphans, then adds the key in place, and clears it', () => {
    const fix = fixOf(rule, ADD_FK);
    expect(fix).toMatchInlineSnapshot(`
"-- rows the key would reject; there must be none:
SELECT c.* FROM users c LEFT JOIN orgs p ON p.id = c.org_id WHERE c.org_id IS NOT NULL AND p.id IS NULL LIMIT 10;
SET foreign_key_checks = 0;
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id), ALGORITHM=INPLACE, LOCK=NONE;
SET foreign_key_checks = 1"
`);
    expect(lintOk(rule, fix)).toEqual([]);
  });
});
