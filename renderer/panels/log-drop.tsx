/**
 * Where logs come into the simulation panel (docs/traffic.md "In the app"): dropped anywhere
 * on it, or chosen with "Open log…" (a real button, so the keyboard reaches it). All the
 * files of one drop or choice go to the worker together, so a Zeek `conn.log` meets its
 * `ssl.log`, `http.log` and `dns.log` as in `egress simulate --flows A --flows B`.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Icon } from '../icons/ui-icons.js';
import type { LogFile } from '../worker/protocol.js';

/** Files as the worker reads them: the Blob goes across without being read here. */
function logFiles(list: FileList | null): LogFile[] {
  return [...(list ?? [])].map((file) => ({ name: file.name, blob: file }));
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files');
}

export function LogDropZone({
  onFiles,
  className,
  children,
  testId,
}: {
  onFiles: (files: LogFile[]) => void;
  className: string;
  children: ReactNode;
  testId: string;
}) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={`${className}${over ? ' is-drop-target' : ''}`}
      data-testid={testId}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        // Leaving for a child is not leaving the zone.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setOver(false);
        onFiles(logFiles(e.dataTransfer.files));
      }}
    >
      {children}
      {over && (
        <div className="log-drop-hint" aria-hidden="true">
          <Icon name="file" size={18} /> Drop to simulate these logs against the policy
        </div>
      )}
    </div>
  );
}

export function OpenLogButton({
  onFiles,
  className = 'btn btn-outline btn-sm',
}: {
  onFiles: (files: LogFile[]) => void;
  className?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => input.current?.click()}
        title="Simulate logs: VPC Flow Logs, Squid, Zeek (with ssl/http/dns.log), Hubble, Suricata, GCP, or a flow file; .gz too"
        data-testid="open-log"
      >
        <Icon name="folder-open" size={13} /> Open log…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="log-file-input"
        onChange={(e) => {
          onFiles(logFiles(e.currentTarget.files));
          // Choosing the same files again simulates them again.
          e.currentTarget.value = '';
        }}
      />
    </>
  );
}
