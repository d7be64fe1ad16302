import sharp from 'sharp'

/** The image type from the file's first bytes; what the browser or the name claims counts for nothing. */
export function sniffImageType(bytes: Uint8Array): 'png' | 'jpeg' | 'webp' | null {
  const starts = (signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg'
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp'
  return null
}

/**
 * Re-encodes an image as WebP that fits in `pixels`×`pixels`: re-encoding drops whatever else the file
 * carried (EXIF, GPS, colour profiles, scripts hidden in chunks). Null for a file that starts like an
 * image and is not one.
 */
export async function reencodeAsWebp(bytes: Uint8Array, pixels: number): Promise<Buffer | null> {
  try {
    return await sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(pixels, pixels, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 85 })
      .toBuffer()
  } catch {
    return null
  }
}
