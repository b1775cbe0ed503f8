import { parse, type Options } from 'csv-parse/sync';

/** The fields of a record, or why they cannot be read. */
export type ParsedFields = { fields: string[] } | { problem: string };

/** The separators a CSV file may use: comma, semicolon (spreadsheets in most of Europe), tab, pipe. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Splits framed records into fields with csv-parse (quotes, doubled quotes, line breaks inside
 * quotes). A batch is parsed in one call; only when some record in it is malformed is it parsed
 * record by record, so that the malformed one is rejected alone with csv-parse's reason.
 */
export function parseCsvFields(texts: readonly string[], delimiter: CsvDelimiter): ParsedFields[] {
  if (texts.length === 0) return [];
  const options: Options = { delimiter, record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false, bom: false };
  try {
    const records = parse(texts.join('\n'), options);
    if (records.length === texts.length) return records.map((fields) => ({ fields }));
  } catch {
    // One of them is malformed: found below.
  }
  return texts.map((text) => {
    try {
      const records = parse(text, options);
      if (records.length !== 1) return { problem: 'is not one CSV record' };
      return { fields: records[0]! };
    } catch (error) {
      return { problem: `is not valid CSV: ${csvReason(error)}` };
    }
  });
}

/** csv-parse's message without its position, which the report gives as the line number. */
function csvReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^Invalid (Opening|Closing) Quote: /, '').replace(/ at line \d+.*$/s, '').replace(/^\w+: /, '');
  return reason.length > 0 ? reason.charAt(0).toLowerCase() + reason.slice(1) : message;
}
