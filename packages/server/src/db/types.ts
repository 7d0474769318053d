import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A database handle or an open transaction: repositories accept either, callers choose. */
export type Db = Kysely<Database> | Transaction<Database>;
