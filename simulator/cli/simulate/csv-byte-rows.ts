/**
 * Rows of Egress Studio's CSV flow files read straight from the file's bytes, for
 * `egress simulate` on large files: no string per line, no string per cell. Flow files
 * repeat their cells (a few sources, the hosts they talk to, a handful of ports), so each
 * column keeps what each distinct cell became (a ByteKeyTable of cells and, beside it, their
 * values): a cell seen before costs a hash and a byte comparison. A new cell is decoded once
 * and given to the same field definitions as the text reader (`FLOW_CELL_VALUE` in
 * flow-record.ts), and then to the matcher, which resolves it once (a source's or host's
 * record, an address, a method's id). A cell is stored only when seen a second time: flow
 * files hold many cells seen once (hosts nobody asks for twice), which would otherwise push
 * out the ones that recur and spread the table over more memory than the processor's cache
 * holds. Addresses written as `canonicalIp` writes them are read from the row as numbers,
 * without a table, and so is a host not in the table that the matcher says names nothing it
 * knows (`hostMatchesNothing`): most such hosts are seen once, and learning each cost as much
 * as deciding ten rows. `decide` hands the matcher the row in its own terms (FlowParts, filled as
 * the cells are read), without a string or a flow object.
 *
 * Only plain rows are read here: visible ASCII without quotes (a CRLF line break is fine), the
 * header's number of cells, every cell valid and the flow complete. Anything else (a comment,
 * a blank line, quotes, spaces, other characters, any problem) is left to the text reader
 * (`readLine` returns false), which reads it and explains its problems as always.
 *
 * Plain reference: `parseFlowCsvRow` of the row's text, `JSON.stringify` of the flow, and
 * `matcher.decide` of the flow; test/cli/csv-byte-rows.test.ts holds them together.
 */
import type { Flow, Protocol } from '../../core/model.js';
import { AddressResolution, FlowParts, type PartsMatcher } from '../../engine/index.js';
import { canonicalIpv4BytesValue, canonicalIpv6BytesInto } from '../../net/ip.js';
import { isPlainDomainBytes } from '../../util/domain.js';
import { ByteKeyTable, HASH_START, hashStep } from './byte-key-table.js';
import { FLOW_CELL_VALUE, parseFlowCsvHeader, type FlowColumn } from '../../flows/flow-record.js';

const COMMA = 44;
const QUOTE = 34;
const NUMBER_SIGN = 35;
const BACKSLASH = 92;
const LINE_BREAK = 10;
const CARRIAGE_RETURN = 13;
/** A comma and a line break in each byte of a word, and the constants that find them. */
const COMMAS = 0x2c2c2c2c;
const LINE_BREAKS = 0x0a0a0a0a;
const ONES = 0x01010101;
const HIGH_BITS = 0x80808080 | 0;
/** Node's own Latin-1 decoder, without `toString`'s argument handling (cells are ASCII). */
type LatinBuffer = Buffer & { latin1Slice(start: number, end: number): string };
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
/** The order of a flow's fields: normalizeFlow adds them so, and JSON.stringify writes them so. */
const FLOW_ORDER: readonly FlowColumn[] = ['src', 'proto', 'host', 'ip', 'port', 'method', 'path'];
/** `entries` of a cell taken from the row as it is (FROM_ROW_KIND below), not from a table. */
const FROM_ROW = -2;
/** `entries` of a cell seen for the first time: read, not stored (see `learn`). */
const SEEN_ONCE = -3;
/** Hashes of cells seen once, per column: a cell is stored when seen again. */
const SEEN_SLOTS = 1 << 14;
/** What the JSON of a FROM_ROW cell starts with, by column name. */
const FROM_ROW_JSON_START: Partial<Record<FlowColumn, Buffer>> = {
  src: Buffer.from('"src":"'),
  ip: Buffer.from('"ip":"'),
  host: Buffer.from('"host":"'),
  proto: Buffer.from('"proto":"'),
  port: Buffer.from('"port":'),
};
/**
 * Cells whose value is their own text, or its number, when written in the one way their
 * column's definition keeps as it is (FLOW_CELL_VALUE): taken from the row, they cost less
 * than a lookup. An address as canonicalIp writes it, as a source never a node name the
 * topology lacks; a protocol in lower case; a port without leading zeros; a host as a plain
 * lower-case domain (`isPlainDomainBytes`) that matches nothing, asked only when the host is not
 * in the table.
 */
const FROM_ROW_NONE = 0;
const FROM_ROW_ADDRESS = 1;
const FROM_ROW_PROTO = 2;
const FROM_ROW_PORT = 3;
const FROM_ROW_HOST = 4;
const FROM_ROW_KIND: Partial<Record<FlowColumn, number>> = {
  src: FROM_ROW_ADDRESS,
  ip: FROM_ROW_ADDRESS,
  proto: FROM_ROW_PROTO,
  port: FROM_ROW_PORT,
  host: FROM_ROW_HOST,
};
/** Tags of stored cells: valid or not (a source's or host's, whose value is not read). */
const VALID_TAG = 0;
const INVALID_TAG = 1;
/** A cell that is not a valid value of its column. */
const INVALID = Symbol('invalid cell');
type CellValue = string | number | typeof INVALID;
/** What the matcher made of a distinct cell (`PartsMatcher`), by column. */
type Resolved = Int32Array | AddressResolution | number | undefined;
/** Places of fields in FLOW_ORDER. */
const SRC = 0;
const PROTO = 1;
const HOST = 2;
const IP = 3;
const PORT = 4;
const METHOD = 5;
const PATH = 6;

/**
 * Distinct cells seen twice each column keeps before its table starts over, and the bytes for
 * them (the cell and its JSON): sources and ports are few, hosts and addresses many.
 */
const TABLE_SIZE: Record<FlowColumn, [entries: number, bytes: number]> = {
  src: [1 << 14, 1 << 20],
  host: [1 << 15, 1 << 22],
  ip: [1 << 15, 1 << 21],
  proto: [1 << 6, 1 << 12],
  port: [1 << 12, 1 << 17],
  method: [1 << 6, 1 << 12],
  path: [1 << 12, 1 << 19],
};

export class CsvByteRows {
  private readonly columns: number;
  /** Per column of the header: its field, its cells, and what each cell became. */
  private readonly fields: FlowColumn[];
  private readonly tables: ByteKeyTable[];
  private readonly values: CellValue[][];
  /**
   * What the matcher made of each stored cell, for the columns other than sources and hosts:
   * their records are kept in the table, as the entry's words right after its key (read from
   * the cache lines the key's comparison read), and the entry's tag says whether the cell is
   * valid (VALID_TAG).
   */
  private readonly resolved: Resolved[][];
  /** Per column: hashes of cells seen once; what the last row's cell seen once became. */
  private readonly seen: Int32Array[];
  private readonly onceValue: CellValue[];
  private readonly onceResolved: Resolved[];
  private readonly onceJson: string[];
  /** Per column, for the row being read: where its cell is. */
  private readonly cellStart: Int32Array;
  private readonly cellEnd: Int32Array;
  /** Per column, the entry of the last row's cell; -1 for an empty cell, FROM_ROW or SEEN_ONCE. */
  private readonly entries: Int32Array;
  /** The bytes of the last row: where a FROM_ROW cell is. */
  private source: Buffer = Buffer.alloc(0);
  /**
   * Views of the bytes JSON is copied from and to, four bytes at a time (two to three times
   * as fast as byte by byte, for cells of 8 to 45 bytes): the row's, each table's, each
   * column's JSON start, and the last target's.
   */
  private sourceView = viewOf(this.source);
  private readonly tableViews: DataView[];
  private readonly jsonStartViews: (DataView | undefined)[];
  private target: Uint8Array | undefined;
  private targetView = viewOf(Buffer.alloc(0));
  /** Per column: which of its cells are taken from the row (FROM_ROW_KIND), their JSON's start. */
  private readonly fromRowKind: Int32Array;
  private readonly jsonStart: (Buffer | undefined)[];
  /** Per column, the resolved address of the last row's cell when taken from the row. */
  private readonly rowAddress: AddressResolution[];
  /** The last row as the matcher takes it (`decide`), filled as its cells are read. */
  private readonly parts = new FlowParts();
  /** The matcher's codes of the protocols taken from the row. */
  private readonly protoCodes: { tcp: number; udp: number; icmp: number };
  private readonly noAddress = new AddressResolution();
  private readonly noHost: Int32Array;
  /** Where the row of the last `readLine` ends: its line break, or the end of the bytes. */
  lineEnd = 0;
  /** Per field in FLOW_ORDER, the column holding it, or -1; per column, its field's place. */
  private readonly columnOfField: Int32Array;
  private readonly fieldOfColumn: Int32Array;

  /**
   * `acceptsSource`: whether the reader takes a flow from this source (a source naming no
   * node of the topology is its problem to report).
   */
  constructor(
    columns: readonly FlowColumn[],
    /** The matcher `decide` asks; each distinct cell is resolved by it once. */
    private readonly matcher: PartsMatcher,
    private readonly acceptsSource: (src: string) => boolean,
    /** Whether `writeFlowJson` is used (each distinct cell then keeps its JSON). */
    private readonly json = true,
    /** Distinct cells a column keeps at most: small tables exist for the tests. */
    entriesAtMost?: number,
  ) {
    this.columns = columns.length;
    this.fields = [...columns];
    this.tables = columns.map((c) => {
      const [entries, bytes] = TABLE_SIZE[c];
      return entriesAtMost === undefined
        ? new ByteKeyTable(entries, bytes)
        : new ByteKeyTable(entriesAtMost, entriesAtMost * 4096);
    });
    this.values = columns.map(() => []);
    this.resolved = columns.map(() => []);
    this.seen = columns.map(() => new Int32Array(entriesAtMost ?? SEEN_SLOTS));
    this.onceValue = columns.map(() => INVALID);
    this.onceResolved = columns.map(() => undefined);
    this.onceJson = columns.map(() => '');
    this.rowAddress = columns.map(() => new AddressResolution());
    this.noHost = matcher.hostRecord('');
    this.protoCodes = {
      tcp: matcher.protoCode('tcp'),
      udp: matcher.protoCode('udp'),
      icmp: matcher.protoCode('icmp'),
    };
    this.cellStart = new Int32Array(columns.length);
    this.cellEnd = new Int32Array(columns.length);
    this.entries = new Int32Array(columns.length);
    this.columnOfField = Int32Array.from(FLOW_ORDER, (f) => columns.indexOf(f));
    this.fieldOfColumn = Int32Array.from(columns, (c) => FLOW_ORDER.indexOf(c));
    this.fromRowKind = Int32Array.from(columns, (c) => FROM_ROW_KIND[c] ?? FROM_ROW_NONE);
    this.jsonStart = columns.map((c) => FROM_ROW_JSON_START[c]);
    this.jsonStartViews = this.jsonStart.map((b) => (b === undefined ? undefined : viewOf(b)));
    this.tableViews = this.tables.map((t) => viewOf(t.bytes));
    // Fields without a column stay absent.
    for (let f = 0; f < FLOW_ORDER.length; f++) this.setAbsent(f);
  }

  /** For a file with this header line; undefined when the header is not a valid one. */
  static forHeader(
    header: string,
    matcher: PartsMatcher,
    acceptsSource: (src: string) => boolean,
    json = true,
  ): CsvByteRows | undefined {
    const parsed = parseFlowCsvHeader(header);
    return parsed.ok ? new CsvByteRows(parsed.columns, matcher, acceptsSource, json) : undefined;
  }

  /**
   * Reads the row that starts at `start` and ends before the next line break (or at the end of
   * `bytes`): true when it holds a flow as the text reader would read it (`flow`, `decide`),
   * false when the row is for the text reader. Either way, where the row ends is then `lineEnd`.
   */
  readLine(bytes: Buffer, start: number): boolean {
    if (bytes !== this.source) {
      this.source = bytes;
      this.sourceView = viewOf(bytes);
    }
    if (!this.cut(bytes, start)) return false;
    const parts = this.parts;
    for (let c = 0; c < this.columns; c++) {
      const from = this.cellStart[c]!;
      const to = this.cellEnd[c]!;
      const field = this.fieldOfColumn[c]!;
      if (from === to) {
        this.entries[c] = -1;
        this.setAbsent(field);
        continue;
      }
      const kind = this.fromRowKind[c]!;
      if (kind === FROM_ROW_ADDRESS) {
        if (this.addressFromRow(c, bytes, from, to)) {
          this.entries[c] = FROM_ROW;
          // A source's record is made by `decide`.
          if (field === IP) parts.address = this.rowAddress[c]!;
          continue;
        }
      } else if (kind === FROM_ROW_PROTO || kind === FROM_ROW_PORT) {
        const value = fromRow(kind, bytes, from, to);
        if (value !== undefined) {
          this.entries[c] = FROM_ROW;
          if (field === PORT) parts.port = value as number;
          else parts.proto = this.protoCodes[value as keyof typeof PROTO_TEXT];
          continue;
        }
      }
      // Any other cell is looked up by its bytes. Only plain cells are stored: a cell found
      // is plain, and a new one must be.
      let hash = HASH_START;
      for (let i = from; i < to; i++) hash = hashStep(hash, bytes[i]!);
      let entry = this.tables[c]!.findHashed(bytes, from, to, hash);
      if (entry < 0) {
        if (
          kind === FROM_ROW_HOST &&
          isPlainDomainBytes(bytes, from, to) &&
          this.matcher.hostMatchesNothing(bytes, from, to)
        ) {
          this.entries[c] = FROM_ROW;
          parts.hostData = this.noHost;
          parts.hostAt = 0;
          parts.hasHost = true;
          continue;
        }
        if (!isPlain(bytes, from, to)) return false;
        entry = this.learn(c, bytes, from, to, hash);
      }
      const once = entry === SEEN_ONCE;
      this.entries[c] = entry;
      if (field === SRC || field === HOST) {
        let data: Int32Array;
        let at: number;
        if (once) {
          if (this.onceValue[c] === INVALID) return false;
          data = this.onceResolved[c] as Int32Array;
          at = 0;
        } else {
          const table = this.tables[c]!;
          if (table.tag(entry) !== VALID_TAG) return false;
          data = table.words;
          at = table.wordsAt(entry);
        }
        if (field === SRC) {
          parts.sourceData = data;
          parts.sourceAt = at;
          parts.srcText = (once ? this.onceValue[c] : this.values[c]![entry]) as string;
        } else {
          parts.hostData = data;
          parts.hostAt = at;
          parts.hasHost = true;
        }
        continue;
      }
      const value = once ? this.onceValue[c]! : this.values[c]![entry]!;
      if (value === INVALID) return false;
      const resolved = once ? this.onceResolved[c] : this.resolved[c]![entry];
      switch (field) {
        case IP:
          parts.address = resolved as AddressResolution;
          break;
        case PROTO:
          parts.proto = resolved as number;
          break;
        case METHOD:
          parts.method = resolved as number;
          break;
        case PORT:
          parts.port = value as number;
          break;
        default:
          parts.path = value as string;
      }
    }
    return this.complete();
  }

  /** The flow of the row `readLine` read last, as normalizeFlow builds it. */
  flow(): Flow {
    const flow: Flow = {
      src: this.valueOf(SRC) as string,
      proto: this.valueOf(PROTO) as Protocol,
    };
    const host = this.valueOf(HOST);
    const ip = this.valueOf(IP);
    const port = this.valueOf(PORT);
    const method = this.valueOf(METHOD);
    const path = this.valueOf(PATH);
    if (host !== undefined) flow.host = host as string;
    if (ip !== undefined) flow.ip = ip as string;
    if (port !== undefined) flow.port = port as number;
    if (method !== undefined) flow.method = method as string;
    if (path !== undefined) flow.path = path as string;
    return flow;
  }

  /**
   * `matcher.decide(flow())` for the row `readLine` read last, from what the matcher made of
   * each of its cells (no strings, no flow).
   */
  decide(): number {
    const parts = this.parts;
    const src = this.columnOfField[SRC]!;
    if (this.entries[src] === FROM_ROW) {
      parts.sourceData = this.matcher.ipSourceRecord(this.rowAddress[src]!);
      parts.sourceAt = 0;
      // Never compared as a name: an IP's name is its node's.
      parts.srcText = '';
    }
    return this.matcher.decideParts(parts);
  }

  /**
   * Writes `JSON.stringify` of the flow `read` returned last, as UTF-8, to `target` at `at`;
   * returns the bytes written (at most `jsonLengthBound` of the row).
   */
  writeFlowJson(target: Uint8Array, at: number): number {
    if (target !== this.target) {
      this.target = target;
      this.targetView = viewOf(target);
    }
    const targetView = this.targetView;
    const start = at;
    target[at++] = OPEN_BRACE;
    for (let f = 0; f < FLOW_ORDER.length; f++) {
      const c = this.columnOfField[f]!;
      if (c < 0) continue;
      const entry = this.entries[c]!;
      if (entry === -1) continue;
      if (at !== start + 1) target[at++] = COMMA;
      if (entry === FROM_ROW) {
        // `"src":"…"`, `"ip":"…"`, `"proto":"…"` or `"port":…` (ASCII: nothing to escape).
        const jsonStart = this.jsonStart[c]!;
        at = copyBytes(
          jsonStart,
          this.jsonStartViews[c]!,
          0,
          jsonStart.length,
          target,
          targetView,
          at,
        );
        at = copyBytes(
          this.source,
          this.sourceView,
          this.cellStart[c]!,
          this.cellEnd[c]!,
          target,
          targetView,
          at,
        );
        if (this.fromRowKind[c] !== FROM_ROW_PORT) target[at++] = QUOTE;
        continue;
      }
      if (entry === SEEN_ONCE) {
        // ASCII: a plain cell's JSON escapes anything else.
        const json = this.onceJson[c]!;
        for (let i = 0; i < json.length; i++) target[at++] = json.charCodeAt(i);
        continue;
      }
      const table = this.tables[c]!;
      const from = table.payloadStart(entry);
      const to = from + table.payloadLengthOf(entry);
      at = copyBytes(table.bytes, this.tableViews[c]!, from, to, target, targetView, at);
    }
    target[at++] = CLOSE_BRACE;
    return at - start;
  }

  /** How many cells each column's table holds (cells seen once are not stored). */
  storedCells(): number[] {
    return this.tables.map((t) => t.size);
  }

  /** The most bytes `writeFlowJson` writes for a row of `rowBytes` bytes. */
  static jsonLengthBound(rowBytes: number): number {
    // A cell's JSON doubles it at most (a backslash), plus the field's name and quotes.
    return 2 * rowBytes + 16 * FLOW_ORDER.length;
  }

  /**
   * Finds the row's end and its cells; false when it has another number of cells than the
   * header (or none). Whether the cells are plain is for `readLine` to see. `sourceView` must
   * be a view of `bytes`.
   */
  private cut(bytes: Buffer, start: number): boolean {
    if (bytes[start] === NUMBER_SIGN) return this.noRow(bytes, start);
    const view = this.sourceView;
    const limit = bytes.length;
    const last = this.columns - 1;
    const cellStart = this.cellStart;
    const cellEnd = this.cellEnd;
    let column = 0;
    let from = start;
    for (let i = start; ;) {
      // The next comma or line break, four bytes at a time: a byte of `w ^ COMMAS` is zero
      // where `w` has a comma, and the lowest byte flagged by `(x - ONES) & ~x & HIGH_BITS`
      // is the first zero byte of `x` (flags above it may be false, never below it).
      let at = -1;
      for (; i + 4 <= limit; i += 4) {
        const w = view.getInt32(i, true);
        const c = w ^ COMMAS;
        const l = w ^ LINE_BREAKS;
        const found = (((c - ONES) & ~c) | ((l - ONES) & ~l)) & HIGH_BITS;
        if (found !== 0) {
          at = i + ((31 - Math.clz32(found & -found)) >> 3);
          break;
        }
      }
      if (at < 0) {
        for (at = i; at < limit; at++) {
          const byte = bytes[at]!;
          if (byte === COMMA || byte === LINE_BREAK) break;
        }
      }
      if (at === limit || bytes[at] === LINE_BREAK) {
        this.lineEnd = at;
        break;
      }
      if (column === last) return this.noRow(bytes, at);
      cellStart[column] = from;
      cellEnd[column] = at;
      column++;
      from = at + 1;
      i = from;
    }
    // The text reader drops one carriage return before the line break (CRLF files).
    let end = this.lineEnd;
    if (end > from && bytes[end - 1] === CARRIAGE_RETURN) end--;
    if (end === start || column !== last) return false;
    cellStart[column] = from;
    cellEnd[column] = end;
    return true;
  }

  /** For a row left to the text reader: finds its end (from `at`, within it); returns false. */
  private noRow(bytes: Buffer, at: number): false {
    const lineBreak = bytes.indexOf(LINE_BREAK, at);
    this.lineEnd = lineBreak < 0 ? bytes.length : lineBreak;
    return false;
  }

  /**
   * A plain cell not in its column's table (`hash`: its bytes' hash): decoded, given its
   * value, JSON and resolution, and stored when its hash was seen before (the entry), else
   * kept for this row only (SEEN_ONCE). A hash shared by two cells only stores a cell early,
   * or late: never a wrong value.
   */
  private learn(column: number, bytes: Buffer, from: number, to: number, hash: number): number {
    const field = this.fields[column]!;
    const text = bytes.toString('latin1', from, to);
    let value: CellValue = FLOW_CELL_VALUE[field](text) ?? INVALID;
    if (field === 'src' && value !== INVALID && !this.acceptsSource(value as string))
      value = INVALID;
    const json = value === INVALID || !this.json ? '' : `"${field}":${jsonValue(value)}`;
    const resolved = value === INVALID ? undefined : this.resolve(field, value);
    const seen = this.seen[column]!;
    const slot = hash & (seen.length - 1);
    const holdsRecord = field === 'src' || field === 'host';
    const entry =
      seen[slot] !== hash
        ? -1
        : this.tables[column]!.add(
            bytes,
            from,
            to,
            value === INVALID ? INVALID_TAG : VALID_TAG,
            json,
            holdsRecord && resolved !== undefined ? (resolved as Int32Array) : undefined,
          );
    seen[slot] = hash;
    if (entry < 0) {
      this.onceValue[column] = value;
      this.onceResolved[column] = resolved;
      this.onceJson[column] = json;
      return SEEN_ONCE;
    }
    this.values[column]![entry] = value;
    if (!holdsRecord) this.resolved[column]![entry] = resolved;
    return entry;
  }

  /** What the matcher makes of a valid cell, kept with it. */
  private resolve(field: FlowColumn, value: string | number): Resolved {
    const m = this.matcher;
    switch (field) {
      case 'src':
        return m.sourceRecord(value as string);
      case 'host':
        return m.hostRecord(value as string);
      case 'ip':
        return m.addressOf(value as string);
      case 'method':
        return m.methodId(value as string);
      case 'proto':
        return m.protoCode(value as string);
      default:
        return undefined;
    }
  }

  /**
   * When the cell is an address written as canonicalIp writes it: resolves it into the
   * column's `rowAddress` and returns true.
   */
  private addressFromRow(column: number, bytes: Buffer, from: number, to: number): boolean {
    const out = this.rowAddress[column]!;
    const v4 = canonicalIpv4BytesValue(bytes, from, to);
    if (v4 >= 0) this.matcher.addressOfIpv4(v4 | 0, out);
    else if (canonicalIpv6BytesInto(bytes, from, to, out.v6))
      this.matcher.addressOfIpv6(out.v6, out);
    else return false;
    return true;
  }

  /** Whether the last row's cells make a flow (normalizeFlow's checks). */
  private complete(): boolean {
    if (!this.has(SRC) || !this.has(PROTO)) return false;
    if (!this.has(HOST) && !this.has(IP)) return false;
    return this.parts.proto === this.protoCodes.icmp ? !this.has(PORT) : this.has(PORT);
  }

  /** Whether the last row has a value for the field (its column is there, its cell not empty). */
  private has(field: number): boolean {
    const c = this.columnOfField[field]!;
    return c >= 0 && this.entries[c] !== -1;
  }

  /** The field's part of a flow without it. */
  private setAbsent(field: number): void {
    const parts = this.parts;
    switch (field) {
      case HOST:
        parts.hasHost = false;
        parts.hostData = this.noHost;
        parts.hostAt = 0;
        break;
      case IP:
        parts.address = this.noAddress;
        break;
      case PORT:
        parts.port = NaN;
        break;
      case METHOD:
        parts.method = -1;
        break;
      case PATH:
        parts.path = undefined;
        break;
      default:
      // A flow without a source or a protocol is not complete: nothing to set.
    }
  }

  /** The value of a field of the last row, as the text reader gives it. */
  private valueOf(field: number): string | number | undefined {
    const c = this.columnOfField[field]!;
    if (c < 0) return undefined;
    const entry = this.entries[c]!;
    if (entry === -1) return undefined;
    const from = this.cellStart[c]!;
    const to = this.cellEnd[c]!;
    if (entry === FROM_ROW) {
      const kind = this.fromRowKind[c]!;
      return kind === FROM_ROW_ADDRESS || kind === FROM_ROW_HOST
        ? (this.source as LatinBuffer).latin1Slice(from, to)
        : fromRow(kind, this.source, from, to);
    }
    const value = entry === SEEN_ONCE ? this.onceValue[c]! : this.values[c]![entry]!;
    return value as string | number;
  }
}

/** Visible ASCII without quotes: what a cell must be to be read here. */
function isPlain(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!;
    if (byte < 33 || byte > 126 || byte === QUOTE) return false;
  }
  return true;
}

/** `JSON.stringify(value)`, without the call for the plain strings cells nearly always are. */
function jsonValue(value: string | number): string {
  if (typeof value === 'number') return String(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c > 126 || c === QUOTE || c === BACKSLASH) return JSON.stringify(value);
  }
  return `"${value}"`;
}

const PROTO_TEXT = { tcp: 'tcp', udp: 'udp', icmp: 'icmp' } as const;

/** The value of a cell taken from the row (FROM_ROW_KIND), or undefined to look it up. */
function fromRow(
  kind: number,
  bytes: Buffer,
  from: number,
  to: number,
): string | number | undefined {
  const length = to - from;
  switch (kind) {
    case FROM_ROW_PROTO: {
      const a = bytes[from];
      const b = bytes[from + 1];
      const c = bytes[from + 2];
      if (length === 3 && a === 116 && b === 99 && c === 112) return PROTO_TEXT.tcp;
      if (length === 3 && a === 117 && b === 100 && c === 112) return PROTO_TEXT.udp;
      if (length === 4 && a === 105 && b === 99 && c === 109 && bytes[from + 3] === 112)
        return PROTO_TEXT.icmp;
      return undefined;
    }
    case FROM_ROW_PORT: {
      if (length > 5 || bytes[from] === 48) return undefined;
      let port = 0;
      for (let i = from; i < to; i++) {
        const digit = bytes[i]! - 48;
        if (digit < 0 || digit > 9) return undefined;
        port = port * 10 + digit;
      }
      return port <= 65535 ? port : undefined;
    }
    default:
      return undefined;
  }
}

/** Copies `source[from, to)` to `target` at `at`, four bytes at a time; returns where it ends. */
function copyBytes(
  source: Uint8Array,
  sourceView: DataView,
  from: number,
  to: number,
  target: Uint8Array,
  targetView: DataView,
  at: number,
): number {
  let i = from;
  for (; i + 4 <= to; i += 4, at += 4) targetView.setUint32(at, sourceView.getUint32(i));
  for (; i < to; i++) target[at++] = source[i]!;
  return at;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
