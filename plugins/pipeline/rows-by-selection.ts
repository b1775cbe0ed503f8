/**
 * Rows known by id (a board's cards, a day's agenda), loaded once with the selection the client
 * made of them, for every list field that shows some of them. Fields asking with the same
 * selection (every column of a board) share one query; an aliased field with another selection
 * gets its own.
 */
export function rowsBySelection<Row extends { id: string }>(ids: readonly string[], load: (query: object, ids: string[]) => Promise<Row[]>) {
  const loaded = new Map<string, Promise<Map<string, Row>>>();
  return (query: object, wanted: readonly string[]): Promise<Row[]> => {
    const key = JSON.stringify(query);
    let rows = loaded.get(key);
    if (!rows) {
      rows = load(query, [...ids]).then((found) => new Map(found.map((row) => [row.id, row])));
      loaded.set(key, rows);
    }
    return rows.then((byId) => wanted.map((id) => byId.get(id)!));
  };
}
