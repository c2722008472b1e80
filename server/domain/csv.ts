/**
 * The one CSV writer (RFC 4180, CRLF line ends) for every export. A hand-written module rather than
 * csv-stringify: quoting is a few lines, and the part that matters here — that no cell is run by a
 * spreadsheet as a formula — would be our own code in a csv-stringify `cast` hook all the same.
 */

// A text cell starting with one of these is run as a formula (or a DDE call) by Excel, LibreOffice and
// Google Sheets; the full-width forms are read as the same by some of them.
const formulaStart = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  // Numbers and booleans are written by us, never by a person; "-3" stays a number in the sheet.
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  // A leading apostrophe is the spreadsheets' own "this is text" mark.
  return formulaStart.test(text) ? `'${text}` : text;
}

export function csvCell(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(",");
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => `${csvRow(row)}\r\n`).join("");
}
