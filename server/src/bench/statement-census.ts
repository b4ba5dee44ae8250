/**
 * SQL statements per database over a benchmark phase, read from PostgreSQL's pg_stat_statements (the
 * bench stack loads it when asked: `--statements`). Top-level statements only — what the services send,
 * BEGIN and COMMIT included — so the count is the round trips a phase cost each database.
 */
import pg from 'pg';

/** The server settings that make PostgreSQL count statements. */
export const STATEMENT_CENSUS_SETTINGS: Readonly<Record<string, string>> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'top',
  'pg_stat_statements.max': '10000',
};

export interface StatementCensus {
  /** Starts counting from zero. */
  reset(): Promise<void>;
  /** Statements per database since the last reset. */
  read(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** `url`: any database of the cluster (the view covers them all). */
export async function openStatementCensus(url: string): Promise<StatementCensus> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    reset: async () => {
      await client.query('SELECT pg_stat_statements_reset()');
    },
    read: async () => {
      const { rows } = await client.query<{ datname: string; calls: string }>(
        `SELECT d.datname, sum(s.calls)::bigint AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname <> current_database() GROUP BY d.datname`,
      );
      return Object.fromEntries(rows.map((r) => [r.datname, Number(r.calls)]));
    },
    close: () => client.end(),
  };
}
