/** Longest side of a preview, in CSS pixels times two (sharp on phone screens). */
const THUMBNAIL_SIZE = 160;

/**
 * A small preview of an image, made in the browser (createImageBitmap + canvas), so the server
 * never decodes images. Null for PDFs and for images this browser cannot decode (HEIC outside
 * Safari): those show an icon.
 */
export async function makeThumbnail(file: Blob, size = THUMBNAIL_SIZE): Promise<Blob | null> {
  if (!file.type.startsWith('image/')) return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const scale = Math.min(1, size / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve) => {
    canvas.toBlob(resolve, 'image/webp', 0.8);
  });
}
