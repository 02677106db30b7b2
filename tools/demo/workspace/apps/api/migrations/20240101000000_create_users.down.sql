-- Rollback: create users
DROP TABLE users;
