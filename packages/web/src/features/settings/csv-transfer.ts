import {
  API_PREFIX,
  csvEndpoints,
  ImportResultSchema,
  NetworkError,
  readProblem,
  type ImportResult,
} from '@ttm/contract';
import type { ApiPort } from '../../session/services.js';
import type { HistoryFilters } from '../../local-db/expense-queries.js';

export interface ImportOptions {
  readonly dateFormat: 'ymd' | 'dmy' | 'mdy' | null;
  readonly decimalSeparator: '.' | ',' | null;
  readonly includeCredits: boolean;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
  dateFormat: null,
  decimalSeparator: null,
  // Credits (money coming in) become income; unchecking the option skips them.
  includeCredits: true,
};

/** The server's limit for one import body. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface CsvDownload {
  readonly blob: Blob;
  readonly filename: string;
}

function apiUrl(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return `${API_PREFIX}${path}${text ? `?${text}` : ''}`;
}

/**
 * The CSV endpoints carry CSV, which the JSON contract client does not speak: these requests
 * use fetch with the in-memory access token and map failures to the same typed errors.
 */
async function send(api: ApiPort, url: string, init: RequestInit): Promise<Response> {
  const token = await api.accessToken();
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
  if (!response.ok) throw await readProblem(response);
  return response;
}

/** The file name from a Content-Disposition header (RFC 6266: filename* wins over filename). */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || fallback;
}

/** The history filters the export can apply (the server filters by dates and category). */
export function exportQuery(walletId: string, filters: HistoryFilters): Record<string, string | undefined> {
  return {
    walletId,
    from: filters.from,
    to: filters.to,
    category: filters.category?.trim() || undefined,
    q: filters.q?.trim() || undefined,
  };
}

export async function downloadCsv(api: ApiPort, walletId: string, filters: HistoryFilters): Promise<CsvDownload> {
  const response = await send(api, apiUrl(csvEndpoints.export.path, exportQuery(walletId, filters)), {
    method: csvEndpoints.export.method,
    headers: { accept: 'text/csv' },
  });
  const blob = await response.blob();
  return { blob, filename: filenameFromDisposition(response.headers.get('content-disposition'), 'expenses.csv') };
}

/** Hands a downloaded file to the browser as if it came from a link. */
export function saveFile({ blob, filename }: CsvDownload): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after the click returns; free it once they are surely done.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 30_000);
}

export function importQuery(
  walletId: string,
  options: ImportOptions,
  dryRun: boolean,
): Record<string, string | undefined> {
  return {
    walletId,
    dryRun: String(dryRun),
    dateFormat: options.dateFormat ?? undefined,
    decimalSeparator: options.decimalSeparator ?? undefined,
    includeCredits: String(options.includeCredits),
  };
}

/** Sends a CSV file: a dry run reports what would happen; otherwise it is imported, all or nothing. */
export async function importCsv(
  api: ApiPort,
  walletId: string,
  text: string,
  options: ImportOptions,
  dryRun: boolean,
  signal?: AbortSignal,
): Promise<ImportResult> {
  const response = await send(api, apiUrl(csvEndpoints.import.path, importQuery(walletId, options, dryRun)), {
    method: csvEndpoints.import.method,
    headers: { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
    body: text,
    signal: signal ?? null,
  });
  return ImportResultSchema.parse(await response.json());
}
