import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.js';

/** Largest receipt file accepted, in bytes (10 MiB). */
export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;

/** What a receipt may be; the server checks the file's first bytes against the declared type. */
export const RECEIPT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export const ReceiptContentTypeSchema = z.enum(RECEIPT_CONTENT_TYPES);
export type ReceiptContentType = z.infer<typeof ReceiptContentTypeSchema>;

export function isReceiptContentType(value: string): value is ReceiptContentType {
  return (RECEIPT_CONTENT_TYPES as readonly string[]).includes(value);
}

export const ReceiptSchema = z
  .object({
    id: UuidSchema,
    expenseId: UuidSchema,
    walletId: UuidSchema,
    contentType: ReceiptContentTypeSchema,
    byteSize: z.number().int().describe('Size of the file in bytes'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('SHA-256 of the file, lower-case hex'),
    createdBy: UuidSchema.nullable().describe('Who attached it; null once that account is deleted'),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof ReceiptSchema>;

export const ReceiptListSchema = z.object({ items: z.array(ReceiptSchema) }).meta({ id: 'ReceiptList' });
export type ReceiptList = z.infer<typeof ReceiptListSchema>;

export const UploadReceiptQuerySchema = z.strictObject({
  receiptId: UuidSchema.optional().describe(
    'Your own id for the receipt: repeating the upload with the same id and file answers 200 with the stored receipt',
  ),
});
