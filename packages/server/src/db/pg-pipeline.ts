import pg from 'pg';
import type { StatementQuery } from './pg-statement-query.js';

/**
 * One PostgreSQL connection in node-postgres' pipeline mode, opened on first use: queries are
 * written as soon as they are submitted, without waiting for the answers to the ones before
 * (each ends with its own Sync, so an error fails that query only). Concurrent requests' point
 * reads then reach one backend back to back instead of each waking an idle pooled backend for a
 * round trip of its own, which was the largest single cost of a read; the queries of one turn of
 * the event loop also leave in a single write. A connection that fails is dropped, failing the
 * queries it had in flight as a failing pooled connection would, and the next query opens a new
 * one.
 */
export class PipelinedConnection {
  #client: Promise<pg.Client> | null = null;
  #ended = false;
  #corked = false;

  constructor(
    private readonly config: Readonly<pg.ClientConfig>,
    private readonly onConnectionError: (error: Error) => void,
  ) {}

  async query<R extends pg.QueryResultRow>(query: StatementQuery): Promise<pg.QueryResult<R>> {
    const client = await this.#connected();
    // Everything submitted in this turn of the event loop leaves in one write: the socket is
    // corked at the first query and uncorked once the turn's I/O callbacks have run.
    if (!this.#corked) {
      this.#corked = true;
      const stream = client.connection.stream;
      stream.cork();
      setImmediate(() => {
        this.#corked = false;
        stream.uncork();
      });
    }
    return query.runOn(client) as Promise<pg.QueryResult<R>>;
  }

  /** Waits for the queries in flight, then closes the connection; later queries are refused. */
  async end(): Promise<void> {
    this.#ended = true;
    const opening = this.#client;
    this.#client = null;
    const client = await opening?.catch(() => null);
    await client?.end();
  }

  #connected(): Promise<pg.Client> {
    if (this.#ended) return Promise.reject(new Error('The database connection has been closed'));
    this.#client ??= this.#open();
    return this.#client;
  }

  #open(): Promise<pg.Client> {
    const client = new pg.Client({ ...this.config, pipeline: true });
    const opening = client.connect().then(() => client);
    const forget = () => {
      if (this.#client === opening) this.#client = null;
    };
    client.on('error', (error) => {
      forget();
      this.onConnectionError(error);
    });
    client.on('end', forget);
    // A failed connect fails the queries waiting for it; the next query tries again.
    opening.catch(forget);
    return opening;
  }
}
