export { ReceiptAttachments } from './receipt-attachments.js';
export { ReceiptRowThumbs, useExpensesWithReceipts } from './receipt-row-thumbs.js';
export { ReceiptsExportCard } from './receipts-export-card.js';
export { forgetReceipts, prepareReceipts } from './receipt-services.js';
