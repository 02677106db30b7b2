import type { Operation } from '../model/operations';
import type { Column } from '../model/schema';
import { EXAMPLE_PHRASES, INFERENCE_RULES, parseDescription } from './index';

const col = (name: string, type: string, nullable: boolean, extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable,
  ...extra,
});
const add = (table: string, column: Column): Operation => ({ kind: 'addColumn', table, column });
const drop = (table: string, column: string): Operation => ({ kind: 'dropColumn', table, column });
const id: Column = { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true };
const timestamps: Column[] = [col('created_at', 'timestamp', false), col('updated_at', 'timestamp', false)];
const index = (table: string, columns: string[], unique: boolean, name: string): Operation => ({
  kind: 'createIndex',
  table,
  columns,
  unique,
  name,
});
const NOW = { sql: 'CURRENT_TIMESTAMP' };

const SEED: Array<[string, Operation[]]> = [
  ['add email_verified to users', [add('users', col('email_verified', 'boolean', false, { default: false }))]],
  ['rename column old_name to new_name in users', [{ kind: 'renameColumn', table: 'users', from: 'old_name', to: 'new_name' }]],
  ['create posts table', [{ kind: 'createTable', table: 'posts', columns: [id] }]],
  ['add index on users.email', [index('users', ['email'], false, 'idx_users_email')]],
];

const ADD_COLUMNS: Array<[string, Operation[]]> = [
  [
    'add column price decimal(10,2) not null default 0 to products',
    [add('products', col('price', 'decimal(10,2)', false, { default: 0 }))],
  ],
  [
    'add email_verified and phone to users',
    [add('users', col('email_verified', 'boolean', false, { default: false })), add('users', col('phone', 'string(255)', true))],
  ],
  ['add columns a integer, b text to t', [add('t', col('a', 'integer', true)), add('t', col('b', 'text', true))]],
  ['add columns a:integer and b:text to t', [add('t', col('a', 'integer', true)), add('t', col('b', 'text', true))]],
  [
    'add a, b, and c to t',
    [add('t', col('a', 'string(255)', true)), add('t', col('b', 'string(255)', true)), add('t', col('c', 'string(255)', true))],
  ],
  ['add column x to t', [add('t', col('x', 'string(255)', true))]],
  ['add x:string to t', [add('t', col('x', 'string(255)', true))]],
  ['add t.x', [add('t', col('x', 'string(255)', true))]],
  ['add users.a, users.b', [add('users', col('a', 'string(255)', true)), add('users', col('b', 'string(255)', true))]],
  ['add users.nickname string(40) not null', [add('users', col('nickname', 'string(40)', false))]],
  ['ADD Email_Verified TO users', [add('users', col('Email_Verified', 'boolean', false, { default: false }))]],
  ['Add Column "order" Integer To "user"', [add('user', col('order', 'integer', true))]],
  ['add `nickname` to `users`', [add('users', col('nickname', 'string(255)', true))]],
  ["add 'nickname' to 'users'", [add('users', col('nickname', 'string(255)', true))]],
  ['add nickname to users table', [add('users', col('nickname', 'string(255)', true))]],
  ['add nickname to table users', [add('users', col('nickname', 'string(255)', true))]],
  ['add new field nickname to the users table', [add('users', col('nickname', 'string(255)', true))]],
  ['add email string unique to users', [add('users', col('email', 'string(255)', true, { unique: true }))]],
  [
    'add author_id bigint references users on delete cascade to posts',
    [add('posts', col('author_id', 'bigint', true, { references: { table: 'users', column: 'id', onDelete: 'cascade' } }))],
  ],
  [
    'add editor_id references people(person_id) to posts',
    [add('posts', col('editor_id', 'bigint', true, { references: { table: 'people', column: 'person_id' } }))],
  ],
  ['add x integer not null default -1 to t', [add('t', col('x', 'integer', false, { default: -1 }))]],
  ['add column code uuid primary key to t', [add('t', col('code', 'uuid', false, { primaryKey: true }))]],
];

const INFERENCE: Array<[string, Operation[]]> = [
  ['add is_admin to users', [add('users', col('is_admin', 'boolean', false, { default: false }))]],
  ['add has_avatar to users', [add('users', col('has_avatar', 'boolean', false, { default: false }))]],
  ['add two_factor_enabled to users', [add('users', col('two_factor_enabled', 'boolean', false, { default: false }))]],
  ['add published_at to posts', [add('posts', col('published_at', 'timestamp', true))]],
  ['add published_on to posts', [add('posts', col('published_on', 'date', true))]],
  ['add birth_date to users', [add('users', col('birth_date', 'date', true))]],
  ['add author_id to posts', [add('posts', col('author_id', 'bigint', true))]],
  ['add comments_count to posts', [add('posts', col('comments_count', 'integer', false, { default: 0 }))]],
  ['add createdAt to posts', [add('posts', col('createdAt', 'timestamp', true))]],
  ['add isActive to users', [add('users', col('isActive', 'boolean', false, { default: false }))]],
  ['add is_admin default true to users', [add('users', col('is_admin', 'boolean', false, { default: true }))]],
  ['add is_admin null to users', [add('users', col('is_admin', 'boolean', true, { default: false }))]],
  ['add is_admin boolean to users', [add('users', col('is_admin', 'boolean', true))]],
  ['add published_at not null to posts', [add('posts', col('published_at', 'timestamp', false))]],
  ['add score default 0 to users', [add('users', col('score', 'integer', true, { default: 0 }))]],
  ['add ratio default 0.5 to t', [add('t', col('ratio', 'decimal', true, { default: 0.5 }))]],
  ['add synced default now() to t', [add('t', col('synced', 'timestamp', true, { default: NOW }))]],
  ['add synced_at default current_timestamp to t', [add('t', col('synced_at', 'timestamp', true, { default: NOW }))]],
  ["add note default 'n/a' to t", [add('t', col('note', 'string(255)', true, { default: 'n/a' }))]],
  ["add quote default 'it''s' to t", [add('t', col('quote', 'string(255)', true, { default: "it's" }))]],
];

const TYPES: Array<[string, string]> = [
  ['varchar(80)', 'string(80)'],
  ['character varying(50)', 'string(50)'],
  ['string', 'string(255)'],
  ['int', 'integer'],
  ['int4', 'integer'],
  ['int8', 'bigint'],
  ['int2', 'smallint'],
  ['bool', 'boolean'],
  ['numeric(12, 4)', 'decimal(12,4)'],
  ['real', 'float'],
  ['double precision', 'double'],
  ['double', 'double'],
  ['datetime', 'timestamp'],
  ['timestamp with time zone', 'timestamptz'],
  ['timestamp without time zone', 'timestamp'],
  ['TIMESTAMPTZ', 'timestamptz'],
  ['bytea', 'binary'],
  ['blob', 'binary'],
  ['time', 'time'],
  ['json', 'json'],
  ["enum('draft', 'published')", 'enum(draft,published)'],
  ['enum(small, large)', 'enum(small,large)'],
];

const TYPED_DEFAULTS: Array<[string, Operation[]]> = [
  [
    "add status enum('draft', 'published') not null default 'draft' to posts",
    [add('posts', col('status', 'enum(draft,published)', false, { default: 'draft' }))],
  ],
  ['add starts date default current_date to t', [add('t', col('starts', 'date', true, { default: { sql: 'CURRENT_DATE' } }))]],
  ["add meta jsonb default '{}' to t", [add('t', col('meta', 'jsonb', true, { default: '{}' }))]],
  [
    "add token uuid default '123e4567-e89b-12d3-a456-426614174000' to t",
    [add('t', col('token', 'uuid', true, { default: '123e4567-e89b-12d3-a456-426614174000' }))],
  ],
  ["add opens time default '09:30' to t", [add('t', col('opens', 'time', true, { default: '09:30' }))]],
  ['add big bigint default 9007199254740991 to t', [add('t', col('big', 'bigint', true, { default: 9007199254740991 }))]],
];

const DROP_COLUMNS: Array<[string, Operation[]]> = [
  ['remove a, b from t', [drop('t', 'a'), drop('t', 'b')]],
  ['drop column x from t', [drop('t', 'x')]],
  ['drop users.phone', [drop('users', 'phone')]],
  ['delete columns a and b from "t"', [drop('t', 'a'), drop('t', 'b')]],
  ['REMOVE phone FROM users', [drop('users', 'phone')]],
  ['remove users.a, users.b', [drop('users', 'a'), drop('users', 'b')]],
];

const RENAMES: Array<[string, Operation[]]> = [
  ['rename users.old_name to new_name', [{ kind: 'renameColumn', table: 'users', from: 'old_name', to: 'new_name' }]],
  ['rename column users.a to b', [{ kind: 'renameColumn', table: 'users', from: 'a', to: 'b' }]],
  ['rename column a in users to b', [{ kind: 'renameColumn', table: 'users', from: 'a', to: 'b' }]],
  ['rename users.a to users.b', [{ kind: 'renameColumn', table: 'users', from: 'a', to: 'b' }]],
  ['Rename Column a To b In users', [{ kind: 'renameColumn', table: 'users', from: 'a', to: 'b' }]],
  ['rename table a to b', [{ kind: 'renameTable', from: 'a', to: 'b' }]],
  ['rename a table to b', [{ kind: 'renameTable', from: 'a', to: 'b' }]],
  ['RENAME TABLE "order" TO orders', [{ kind: 'renameTable', from: 'order', to: 'orders' }]],
];

const TABLES: Array<[string, Operation[]]> = [
  ['drop table posts', [{ kind: 'dropTable', table: 'posts' }]],
  ['drop posts table', [{ kind: 'dropTable', table: 'posts' }]],
  ['drop tables a, b', [{ kind: 'dropTable', table: 'a' }, { kind: 'dropTable', table: 'b' }]],
  [
    'create table posts with title string(200) not null, body text, published_at',
    [
      {
        kind: 'createTable',
        table: 'posts',
        columns: [id, col('title', 'string(200)', false), col('body', 'text', true), col('published_at', 'timestamp', true)],
      },
    ],
  ],
  [
    'create posts table with title, body:text',
    [{ kind: 'createTable', table: 'posts', columns: [id, col('title', 'string(255)', true), col('body', 'text', true)] }],
  ],
  ['create table posts', [{ kind: 'createTable', table: 'posts', columns: [id] }]],
  [
    'CREATE TABLE posts (title text, body text)',
    [{ kind: 'createTable', table: 'posts', columns: [id, col('title', 'text', true), col('body', 'text', true)] }],
  ],
  [
    'create table countries with code string(2), name without id with primary key code',
    [
      {
        kind: 'createTable',
        table: 'countries',
        columns: [col('code', 'string(2)', false, { primaryKey: true }), col('name', 'string(255)', true)],
      },
    ],
  ],
  [
    'create table tags with name, and without id',
    [{ kind: 'createTable', table: 'tags', columns: [col('name', 'string(255)', true)] }],
  ],
  [
    'create table tags (name text), with timestamps and with primary key name',
    [{ kind: 'createTable', table: 'tags', columns: [col('name', 'text', false, { primaryKey: true }), ...timestamps] }],
  ],
  ['create table tags without id with name', [{ kind: 'createTable', table: 'tags', columns: [col('name', 'string(255)', true)] }]],
  [
    'create table events with name and timestamps',
    [{ kind: 'createTable', table: 'events', columns: [id, col('name', 'string(255)', true), ...timestamps] }],
  ],
  [
    'create table sessions with token string(64) primary key, user_id',
    [
      {
        kind: 'createTable',
        table: 'sessions',
        columns: [col('token', 'string(64)', false, { primaryKey: true }), col('user_id', 'bigint', true)],
      },
    ],
  ],
  [
    'create table posts with id uuid, title',
    [{ kind: 'createTable', table: 'posts', columns: [col('id', 'uuid', false, { primaryKey: true }), col('title', 'string(255)', true)] }],
  ],
  [
    'create table memberships with primary key (user_id, group_id) and role',
    [
      {
        kind: 'createTable',
        table: 'memberships',
        columns: [
          col('user_id', 'bigint', false, { primaryKey: true }),
          col('group_id', 'bigint', false, { primaryKey: true }),
          col('role', 'string(255)', true),
        ],
      },
    ],
  ],
];

const ALTERS: Array<[string, Operation[]]> = [
  ['change type of users.age to bigint', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'bigint' }]],
  ['change users.age to bigint', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'bigint' }]],
  ['alter column age in users to text', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'text' }]],
  ['change column age type to integer in users', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'integer' }]],
  ['alter column age in users type text', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'text' }]],
  ['change type of age in users to varchar(20)', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'string(20)' }]],
  [
    'modify users.age to smallint not null',
    [
      { kind: 'alterColumnType', table: 'users', column: 'age', type: 'smallint' },
      { kind: 'setNotNull', table: 'users', column: 'age' },
    ],
  ],
  ['change users.email to not null', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['alter users.email set not null', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['alter column email in users drop not null', [{ kind: 'dropNotNull', table: 'users', column: 'email' }]],
  ['alter users.active set default true', [{ kind: 'setDefault', table: 'users', column: 'active', default: true }]],
  ['alter users.active drop default', [{ kind: 'dropDefault', table: 'users', column: 'active' }]],
  ['ALTER users.age SET DATA TYPE numeric(8,2)', [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'decimal(8,2)' }]],
];

const NULLABILITY: Array<[string, Operation[]]> = [
  ['make users.email not null', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['make email in users nullable', [{ kind: 'dropNotNull', table: 'users', column: 'email' }]],
  ['make email nullable in users', [{ kind: 'dropNotNull', table: 'users', column: 'email' }]],
  ['set users.email not null', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['allow null on users.email', [{ kind: 'dropNotNull', table: 'users', column: 'email' }]],
  ['disallow nulls in users.email', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['drop not null from users.email', [{ kind: 'dropNotNull', table: 'users', column: 'email' }]],
  ['set not null on users.email', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['make users.email not nullable', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['make users.email required', [{ kind: 'setNotNull', table: 'users', column: 'email' }]],
  ['Make Users.Email Optional', [{ kind: 'dropNotNull', table: 'Users', column: 'Email' }]],
  ['make users.email unique', [index('users', ['email'], true, 'idx_users_email_unique')]],
];

const DEFAULTS: Array<[string, Operation[]]> = [
  ['set default of users.active to true', [{ kind: 'setDefault', table: 'users', column: 'active', default: true }]],
  ['set users.active default true', [{ kind: 'setDefault', table: 'users', column: 'active', default: true }]],
  ['drop default of users.active', [{ kind: 'dropDefault', table: 'users', column: 'active' }]],
  ['remove default from users.active', [{ kind: 'dropDefault', table: 'users', column: 'active' }]],
  ["set default of users.plan to 'free'", [{ kind: 'setDefault', table: 'users', column: 'plan', default: 'free' }]],
  ['set default 0 on products.stock', [{ kind: 'setDefault', table: 'products', column: 'stock', default: 0 }]],
  ['change default of active in users to false', [{ kind: 'setDefault', table: 'users', column: 'active', default: false }]],
  ['set default of users.active to null', [{ kind: 'dropDefault', table: 'users', column: 'active' }]],
  ['set users.created_at default to now()', [{ kind: 'setDefault', table: 'users', column: 'created_at', default: NOW }]],
];

const INDEXES: Array<[string, Operation[]]> = [
  ['add unique index on users(email, tenant_id) named idx_x', [index('users', ['email', 'tenant_id'], true, 'idx_x')]],
  ['add index idx_foo on users.email', [index('users', ['email'], false, 'idx_foo')]],
  ['create unique index on users.email', [index('users', ['email'], true, 'idx_users_email_unique')]],
  ['add index on email, tenant_id in users', [index('users', ['email', 'tenant_id'], false, 'idx_users_email_tenant_id')]],
  ['add index on "users"("email")', [index('users', ['email'], false, 'idx_users_email')]],
  ['ADD INDEX ON users (email) CALLED by_email', [index('users', ['email'], false, 'by_email')]],
  ['drop index idx_users_email', [{ kind: 'dropIndex', name: 'idx_users_email' }]],
  ['remove index on users.email', [{ kind: 'dropIndex', name: 'idx_users_email', table: 'users', columns: ['email'] }]],
  ['drop index idx_x on users', [{ kind: 'dropIndex', name: 'idx_x', table: 'users' }]],
  [
    'remove unique index on users(email, tenant_id)',
    [{ kind: 'dropIndex', name: 'idx_users_email_tenant_id_unique', table: 'users', columns: ['email', 'tenant_id'] }],
  ],
];

const fk = (extra: Record<string, unknown> = {}): Operation => ({
  kind: 'addForeignKey',
  table: 'posts',
  columns: ['user_id'],
  refTable: 'users',
  refColumns: ['id'],
  name: 'fk_posts_user_id_users',
  ...extra,
} as Operation);

const FOREIGN_KEYS: Array<[string, Operation[]]> = [
  ['add foreign key posts.user_id references users.id', [fk()]],
  ['add foreign key from posts.user_id to users.id on delete cascade', [fk({ onDelete: 'cascade' })]],
  ['add foreign key posts.user_id references users on delete set null named fk_author', [fk({ onDelete: 'set null', name: 'fk_author' })]],
  ['add foreign key on posts.user_id to users on delete restrict', [fk({ onDelete: 'restrict' })]],
  ['add foreign key posts.user_id references users on delete no action', [fk({ onDelete: 'no action' })]],
  ['ADD FOREIGN KEY posts(user_id) REFERENCES users(id) ON DELETE SET DEFAULT', [fk({ onDelete: 'set default' })]],
  [
    'add foreign key fk_pa from posts(a, b) references authors(x, y)',
    [{ kind: 'addForeignKey', table: 'posts', columns: ['a', 'b'], refTable: 'authors', refColumns: ['x', 'y'], name: 'fk_pa' }],
  ],
  ['drop foreign key fk_x from posts', [{ kind: 'dropForeignKey', table: 'posts', name: 'fk_x' }]],
  ['remove foreign key on posts.user_id references users', [{ kind: 'dropForeignKey', table: 'posts', name: 'fk_posts_user_id_users' }]],
];

const CHECKS: Array<[string, Operation[]]> = [
  ['add check price >= 0 to products', [{ kind: 'addCheck', table: 'products', name: 'chk_products_price', expression: 'price >= 0' }]],
  [
    'add check constraint positive_price (price >= 0) on products',
    [{ kind: 'addCheck', table: 'products', name: 'positive_price', expression: 'price >= 0' }],
  ],
  [
    'add check (price >= 0) to products named positive_price',
    [{ kind: 'addCheck', table: 'products', name: 'positive_price', expression: 'price >= 0' }],
  ],
  [
    "add check status in ('a', 'b') to posts",
    [{ kind: 'addCheck', table: 'posts', name: 'chk_posts_status', expression: "status IN ('a', 'b')" }],
  ],
  ['add check lower(email) = email on users', [{ kind: 'addCheck', table: 'users', name: 'chk_users_email', expression: 'lower(email) = email' }]],
  ['add constraint nonneg check (stock>=0) to products', [{ kind: 'addCheck', table: 'products', name: 'nonneg', expression: 'stock >= 0' }]],
  [
    'add check price between 0 and 100 to products',
    [{ kind: 'addCheck', table: 'products', name: 'chk_products_price', expression: 'price BETWEEN 0 AND 100' }],
  ],
  ['add check discount > -1 to products', [{ kind: 'addCheck', table: 'products', name: 'chk_products_discount', expression: 'discount > -1' }]],
  ['drop check positive_price from products', [{ kind: 'dropCheck', table: 'products', name: 'positive_price' }]],
  ['remove check constraint positive_price from products', [{ kind: 'dropCheck', table: 'products', name: 'positive_price' }]],
];

const BACKFILLS: Array<[string, Operation[]]> = [
  [
    'backfill users.email_verified = false where email_verified is null',
    [{ kind: 'backfill', table: 'users', set: { email_verified: false }, where: 'email_verified IS NULL' }],
  ],
  ["backfill users set a = 1, b = 'x'", [{ kind: 'backfill', table: 'users', set: { a: 1, b: 'x' } }]],
  ['backfill users set email_lower = lower(email)', [{ kind: 'backfill', table: 'users', set: { email_lower: { sql: 'lower(email)' } } }]],
  [
    'backfill posts.published_at = now() where published is true',
    [{ kind: 'backfill', table: 'posts', set: { published_at: NOW }, where: 'published IS TRUE' }],
  ],
  ['backfill users.nickname to null', [{ kind: 'backfill', table: 'users', set: { nickname: null } }]],
  [
    "BACKFILL users SET plan = 'free' WHERE plan IS NULL AND created_at < '2024-01-01'",
    [{ kind: 'backfill', table: 'users', set: { plan: 'free' }, where: "plan IS NULL AND created_at < '2024-01-01'" }],
  ],
  [
    'backfill orders set total = price * quantity where total is null',
    [{ kind: 'backfill', table: 'orders', set: { total: { sql: 'price * quantity' } }, where: 'total IS NULL' }],
  ],
];

const RAILS: Array<[string, Operation[]]> = [
  ['AddEmailVerifiedToUsers email_verified:boolean', [add('users', col('email_verified', 'boolean', true))]],
  ['AddEmailVerifiedToUsers', [add('users', col('email_verified', 'boolean', false, { default: false }))]],
  [
    'AddPartNumberToProducts part_number:string:index',
    [add('products', col('part_number', 'string(255)', true)), index('products', ['part_number'], false, 'idx_products_part_number')],
  ],
  [
    'AddEmailToUsers email:string:uniq',
    [add('users', col('email', 'string(255)', true)), index('users', ['email'], true, 'idx_users_email_unique')],
  ],
  ['AddSkuToProducts sku:index', [add('products', col('sku', 'string(255)', true)), index('products', ['sku'], false, 'idx_products_sku')]],
  ['RemovePartNumberFromProducts part_number:string', [drop('products', 'part_number')]],
  ['RemovePartNumberFromProducts', [drop('products', 'part_number')]],
  ['RemoveUserFromPosts user:references', [drop('posts', 'user_id')]],
  [
    'CreateProducts name:string part_number:string',
    [
      {
        kind: 'createTable',
        table: 'products',
        columns: [id, col('name', 'string(255)', true), col('part_number', 'string(255)', true), ...timestamps],
      },
    ],
  ],
  ['CreateProducts', [{ kind: 'createTable', table: 'products', columns: [id, ...timestamps] }]],
  [
    'CreateJoinTableCustomerProduct customer product',
    [{ kind: 'createTable', table: 'customers_products', columns: [col('customer_id', 'bigint', false), col('product_id', 'bigint', false)] }],
  ],
  [
    'CreateJoinTableMusicArtistRecord music_artist music_record',
    [
      {
        kind: 'createTable',
        table: 'music_artists_records',
        columns: [col('music_artist_id', 'bigint', false), col('music_record_id', 'bigint', false)],
      },
    ],
  ],
  [
    'AddUserToProducts user:references',
    [
      add('products', col('user_id', 'bigint', true, { references: { table: 'users', column: 'id' } })),
      index('products', ['user_id'], false, 'idx_products_user_id'),
    ],
  ],
  [
    'CreateComments post:belongs_to body:text',
    [
      {
        kind: 'createTable',
        table: 'comments',
        columns: [id, col('post_id', 'bigint', false, { references: { table: 'posts', column: 'id' } }), col('body', 'text', true), ...timestamps],
      },
      index('comments', ['post_id'], false, 'idx_comments_post_id'),
    ],
  ],
  [
    'AddDetailsToProducts part_number:string price:decimal',
    [add('products', col('part_number', 'string(255)', true)), add('products', col('price', 'decimal', true))],
  ],
  [
    'AddDetailsToProducts price:decimal{10,2} name:string{40} stock:integer{8}',
    [
      add('products', col('price', 'decimal(10,2)', true)),
      add('products', col('name', 'string(40)', true)),
      add('products', col('stock', 'bigint', true)),
    ],
  ],
  ['AddPriceToProduct price:decimal{5.2}', [add('products', col('price', 'decimal(5,2)', true))]],
  ['rails generate migration AddPartNumberToProducts part_number:string', [add('products', col('part_number', 'string(255)', true))]],
  ['add_part_number_to_products part_number:string', [add('products', col('part_number', 'string(255)', true))]],
  [
    'AddCommentableToComments commentable:references{polymorphic}',
    [
      add('comments', col('commentable_type', 'string(255)', true)),
      add('comments', col('commentable_id', 'bigint', true)),
      index('comments', ['commentable_type', 'commentable_id'], false, 'idx_comments_commentable_type_commentable_id'),
    ],
  ],
  ['AddPublishedAtToPosts published_at:datetime', [add('posts', col('published_at', 'timestamp', true))]],
];

describe('parseDescription', () => {
  const groups: Record<string, Array<[string, Operation[]]>> = {
    seed: SEED,
    'add columns': ADD_COLUMNS,
    'type inference': INFERENCE,
    'typed defaults': TYPED_DEFAULTS,
    'drop columns': DROP_COLUMNS,
    renames: RENAMES,
    tables: TABLES,
    'column changes': ALTERS,
    nullability: NULLABILITY,
    defaults: DEFAULTS,
    indexes: INDEXES,
    'foreign keys': FOREIGN_KEYS,
    checks: CHECKS,
    backfills: BACKFILLS,
    rails: RAILS,
  };
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      test.each(cases)('%s', (text, expected) => {
        expect(parseDescription(text)).toEqual(expected);
      });
    });
  }

  describe('type aliases', () => {
    test.each(TYPES)('%s → %s', (spelling, portable) => {
      expect(parseDescription(`add x ${spelling} to t`)).toEqual([add('t', col('x', portable, true))]);
    });
  });

  test('every example phrase parses', () => {
    for (const phrase of EXAMPLE_PHRASES) expect(parseDescription(phrase).length).toBeGreaterThan(0);
  });

  test('inference rules are data with a description each, ending in a catch-all', () => {
    expect(INFERENCE_RULES.map((r) => r.describe)).toMatchInlineSnapshot(`
[
  "is_*, has_*, *_verified, *_enabled → boolean NOT NULL DEFAULT false",
  "*_at → timestamp, nullable",
  "*_on, *_date → date, nullable",
  "*_id → bigint, nullable",
  "*_count → integer NOT NULL DEFAULT 0",
  "anything else → string(255), nullable",
]
`);
    expect(INFERENCE_RULES[INFERENCE_RULES.length - 1]?.pattern.test('anything')).toBe(true);
  });

  test('the identifier limit is an option', () => {
    expect(parseDescription('add abcdefghij to t', { maxIdentifierLength: 10 })).toHaveLength(1);
    expect(() => parseDescription('add abcdefghijk to t', { maxIdentifierLength: 10 })).toThrow(
      'bad name "abcdefghijk": it is 11 characters long; names are ASCII letters, digits and _, not starting with a digit, at most 10 characters',
    );
  });
});
