/**
 * The seam every flow input plugs into: Egress Studio's own CSV and JSONL flow files, and
 * the logs that firewalls, proxies and clouds write (VPC Flow Logs, Squid, Zeek, Hubble,
 * Suricata, …). One reader (bytes, gzip, line splitting, detection, error reporting with
 * file and line) drives every format through this interface, so a new format is one module
 * and the CLI, the app's worker and the desktop all read it the same way.
 *
 * A format is pure: it sees text lines, never the file system.
 */
import type { Action, Flow } from '../core/model.js';

/** Where a flow's `host` came from, when a log does not give it as a plain field. */
export type HostSource = 'field' | 'sni' | 'http-host' | 'connect' | 'dns' | 'fqdn';

/** One connection attempt read from an input, with what the input said about it. */
export interface ObservedFlow {
  flow: Flow;
  /** 1-based line of the file where the attempt's record starts. */
  line: number;
  /** The enforcing system's own decision, when the input records one. */
  logged?: Action;
  /**
   * The rule the enforcing system's log names, when it is an export of Egress Studio (the
   * kernel log prefix `egress:<rule>` / `egress-audit:<rule>`); an id cut to fit the prefix
   * ends in `~` and four hex digits.
   */
  loggedRule?: string;
  /** Where `flow.host` came from (absent when the flow has no host). */
  hostSource?: HostSource;
}

/** What one input line holds. */
export type FlowLineOutcome =
  | { kind: 'flow'; observed: ObservedFlow }
  /**
   * A line that is not a connection attempt: a header, a comment, a reply, a summary.
   * `reason`, when given, is a short stable phrase the reader counts and reports once per
   * file ("3 lines skipped: protocol 50 is not tcp, udp or icmp"); headers and comments
   * leave it out.
   */
  | { kind: 'skip'; reason?: string }
  /** A line that should have been a record and is not; `reason` says why (no line number). */
  | { kind: 'malformed'; line: number; reason: string }
  /** The file cannot be read as this format at all (a bad header): reading stops here. */
  | { kind: 'unreadable'; line: number; reason: string };

/** Reads one file of a format, line by line, in order. Formats may keep state between lines. */
export interface FlowLineParser {
  /**
   * One physical line without its line break (a trailing CR already removed). The reader
   * reads the returned array before its next call, so a parser may reuse one array.
   */
  push(text: string, line: number): FlowLineOutcome[];
  /** End of the file: records the parser still holds. */
  finish(): FlowLineOutcome[];
}

export interface FlowFormat {
  /** Stable name, as `--input-format NAME` takes it: `csv`, `jsonl`, `aws-vpc`, … */
  readonly name: string;
  /** One line for `--help` and the app. */
  readonly description: string;
  /**
   * Content sniffing: true when the first non-empty lines of a file (up to 20) look like this
   * format. Formats are tried in registry order; the first that claims a file reads it.
   */
  detect(head: readonly string[]): boolean;
  /**
   * Starts reading one file (`file` is its name as the user gave it, for messages).
   * `context` carries what a format needs beyond the file's own lines; formats ignore what
   * they do not use.
   */
  open(file: string, context?: FlowReadContext): FlowLineParser;
  /**
   * Files that are not read as flows but name the hosts of another file's flows (Zeek's
   * `ssl.log`, `http.log` and `dns.log` beside its `conn.log`). The reader sends every file
   * this `detect` claims through one collector *before* it opens the format's main files,
   * and passes the collector as `context.companions` to `open`.
   */
  readonly companion?: CompanionFormat;
}

export interface CompanionFormat {
  /** Content sniffing, as `FlowFormat.detect`, for the companion files of this format. */
  detect(head: readonly string[]): boolean;
  /** One collector for all companion files of a run (a file at a time, lines in order). */
  collector(): CompanionCollector;
}

/** Gathers companion records; opaque to the reader, read back by its own format's `open`. */
export interface CompanionCollector {
  /** Starts one companion file; its lines go to the returned parser, whose outcomes are
   * only `skip` and `malformed` (the reader reports those as for any file). */
  open(file: string): FlowLineParser;
}

/** What `FlowFormat.open` may be given besides the file. */
export interface FlowReadContext {
  /** The collector of this format's companion files, once all of them were read. */
  companions?: CompanionCollector;
  /**
   * Sources named by workload labels (Hubble): the label key whose value names a topology
   * node or role, and the node id for each such value. Without it a source is its IP.
   */
  sourceLabels?: SourceLabels;
}

export interface SourceLabels {
  /** Label key without Cilium's source prefix, e.g. `app` for `k8s:app=trainer`. */
  key: string;
  /** Label value → topology node id. */
  nodes: ReadonlyMap<string, string>;
}
