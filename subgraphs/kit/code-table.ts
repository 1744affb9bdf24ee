import { text } from './mapping';

/** How a code table answers a code it does not list: the graph's value for it (OTHER, or null) and the label of a blank code. */
export interface UnknownCode<U> {
  value: U;
  blankLabel: string;
}

/**
 * A legacy code table as a mapper uses it: a code (padding forgiven) to a graph enum value and
 * its Chinese label, and an enum value back to its code for WHERE clauses. One per code table, in
 * the subgraph's mapper next to the legacy codes it lists.
 */
export class CodeTable<E extends string, U extends E | null = null> {
  private readonly codes = new Map<E, string>();

  constructor(
    private readonly entries: Readonly<Record<string, readonly [E, string]>>,
    private readonly unknown: UnknownCode<U> = { value: null as U, blankLabel: '未知' },
  ) {
    for (const [code, [value]] of Object.entries(entries)) if (!this.codes.has(value)) this.codes.set(value, code);
  }

  /** The enum value and label of a legacy code; undefined for a code the table does not list. */
  lookup(code: string | null | undefined): readonly [E, string] | undefined {
    const key = text(code);
    return key === null ? undefined : this.entries[key];
  }

  /**
   * The enum value and label of a legacy code as a mapper shows it: a code the table does not list
   * gets the table's unknown value, never a guess, and the code itself as its label.
   */
  decode(code: string | null | undefined): readonly [E | U, string] {
    return this.lookup(code) ?? [this.unknown.value, text(code) ?? this.unknown.blankLabel];
  }

  /** The legacy code of an enum value (the first one listed, when several codes share it). */
  codeOf(value: E): string {
    const code = this.codes.get(value);
    if (code === undefined) throw new Error(`no legacy code for ${value}`);
    return code;
  }
}
