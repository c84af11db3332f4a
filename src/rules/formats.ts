/**
 * Resource formats as the portal writes them (`PDF`, `.pdf`, `pdf `, `application/pdf`, or nothing at all),
 * read as one upper-case name. Resolution 835 requires machine-readable data: a dataset published only as
 * documents or images does not meet it. Pure; imports nothing. It lives below both of its users: the portal reads
 * formats through it, and the rules judge them (the `portalOnlyDocumentFormats` fact).
 */

const MIME_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'application/msword': 'DOC',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/rtf': 'RTF',
  'text/rtf': 'RTF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/tiff': 'TIFF',
  'text/csv': 'CSV',
  'application/json': 'JSON',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
};

/** Documents and images, not machine-readable data. */
export const DOCUMENT_FORMATS: ReadonlySet<string> = new Set(['PDF', 'DOC', 'DOCX', 'ODT', 'RTF', 'JPG', 'JPEG', 'PNG', 'TIF', 'TIFF', 'SCAN']);

/** `.pdf`, `pdf `, `application/pdf` → `PDF`; a blank format is taken from the URL's extension; '' when unknown. */
export function normaliseFormat(format: unknown, url: string | null): string {
  const raw = (typeof format === 'string' ? format.trim() : '').toLowerCase();
  const mime = MIME_FORMATS[raw.split(';')[0].trim()];
  if (mime) return mime;
  const f = raw.replace(/^\.+/, '').trim().toUpperCase();
  if (f !== '') return f;
  const ext = url === null ? null : /\.([a-z0-9]{2,5})(?:[?#].*)?$/i.exec(url);
  return ext ? ext[1].toUpperCase() : '';
}

/** Every resource is a document or an image (false without resources: that is another finding). */
export function onlyDocumentFormats(formats: readonly string[]): boolean {
  return formats.length > 0 && formats.every((f) => DOCUMENT_FORMATS.has(f));
}
