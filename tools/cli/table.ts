/** Columns padded to their widest cell; the last column is never padded so lines carry no trailing blanks. */
export function formatTable(headers: readonly string[], rawRows: readonly (readonly string[])[]): string {
  // A cell is one line: a multi-line value (an error with a stack or a script's output) would start rows of its own.
  const rows = rawRows.map((row) => row.map(oneLine));
  const widths = headers.map((header, i) => rows.reduce((widest, row) => Math.max(widest, (row[i] ?? '').length), header.length));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A value from the API's JSON as table text: absent values show as '-'. */
export function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
