export { ReceiptAttachments } from './receipt-attachments.js';
export { ReceiptRowThumbs } from './receipt-row-thumbs.js';
export { ReceiptsExportCard } from './receipts-export-card.js';
export { forgetReceipts } from './receipt-services.js';
