import type { Db } from "./client";

/**
 * A query built once per database handle instead of on every call, for the small reads every page
 * makes: drizzle's builder costs more CPU than such a read itself (on PostgreSQL the reference read
 * took 0.5 ms of the server's CPU built each time, 0.2 ms prepared), and PostgreSQL parses a named
 * statement once per connection. Values go in as placeholders (`sql.placeholder`) at execute.
 */
export function preparedPerDb<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const built = new WeakMap<Db, Query>();
  return (db) => {
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
  };
}
