/**
 * The WHERE of a statement built at run time: conditions joined with AND, and their parameters,
 * numbered as they are added (`$1 … $n`, for `context.sql.query`). Values never become text.
 */
export class SqlConditions {
  readonly values: unknown[] = [];
  readonly parts: string[] = [];

  /** `sql` receives the function that turns a value into its parameter. */
  add(sql: (parameter: (value: unknown) => string) => string): void {
    this.parts.push(sql((value) => `$${this.values.push(value)}`));
  }

  get where(): string {
    return this.parts.join(' AND ');
  }
}
