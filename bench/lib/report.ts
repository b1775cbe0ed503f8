import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const RESULTS_DIR = resolve(import.meta.dirname, '../results');

/** What a result was measured on, so figures from two machines are not compared by mistake. */
export function machineInfo() {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** `2026-11-23T07-48-50Z`: an ISO 8601 instant without the characters file systems dislike. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-');
}

/** Writes `bench/results/<name>-<timestamp>.json` and returns its path relative to the working directory. */
export async function writeResult(name: string, startedAt: Date, result: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}-${fileTimestamp(startedAt)}.json`);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return relative(process.cwd(), path) || path;
}

/** A plain aligned table: the first column left-aligned, the others right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
