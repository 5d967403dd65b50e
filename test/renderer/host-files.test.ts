import { describe, expect, it } from 'vitest';
import { filesToProject, projectToFiles } from '../../renderer/host/project-files.js';
import { HostError } from '../../renderer/host/project-host.js';
import {
  describeTemplates,
  groupTemplates,
  leadingComment,
} from '../../renderer/host/template-catalog.js';
import { crc32, zipFiles } from '../../renderer/host/zip.js';

describe('project files', () => {
  it('sorts a folder into topology, policy and flows', () => {
    const p = filesToProject('lab', [
      { path: 'README.md', text: '# lab' },
      { path: 'policy.egress', text: 'policy lab\n' },
      { path: 'topology.yaml', text: 'name: lab\n' },
      { path: 'flows/b.jsonl', text: '{}' },
      { path: 'flows/a.csv', text: 'src\n' },
    ]);
    expect(p).toEqual({
      name: 'lab',
      topologyText: 'name: lab\n',
      policyFile: 'policy.egress',
      policyText: 'policy lab\n',
      flows: [
        { name: 'a.csv', text: 'src\n' },
        { name: 'b.jsonl', text: '{}' },
      ],
    });
    expect(projectToFiles(p).map((f) => f.path)).toEqual(['topology.yaml', 'policy.egress']);
  });
  it('accepts a lone policy file under another name', () => {
    const p = filesToProject('x', [{ path: 'edge.egress', text: 'policy edge\n' }]);
    expect(p.topologyText).toBeNull();
    expect(p.policyFile).toBe('edge.egress');
    expect(projectToFiles(p)).toEqual([{ path: 'edge.egress', text: 'policy edge\n' }]);
  });
  it('refuses a folder that is not a project, saying what to choose', () => {
    expect(() => filesToProject('photos', [{ path: 'a.png', text: '' }])).toThrow(HostError);
    expect(() => filesToProject('photos', [])).toThrow(/choose a project folder/);
  });
});

describe('templates', () => {
  const bundled = {
    '../../policies/ml-platform/topology.yaml':
      'name: ml\nnodes:\n  - id: a\n    kind: x\n  - id: b\n    kind: y\nedges: []\n',
    '../../policies/ml-platform/policy.egress': '# The ML platform.\n# Second line.\npolicy ml\n',
    '../../policies/ml-platform/flows/sample.csv': 'src,host\n',
    '../../policies/agents/policy.egress': 'policy agents\n',
    '../../policies/shared/notes.txt': 'not a project',
  };
  it('groups bundled files by folder and skips folders that are not projects', () => {
    const t = groupTemplates(bundled);
    expect([...t.keys()]).toEqual(['agents', 'ml-platform']);
    expect(t.get('ml-platform')!.flows).toEqual([{ name: 'sample.csv', text: 'src,host\n' }]);
  });
  it('describes templates from the policy header and the topology', () => {
    expect(describeTemplates(groupTemplates(bundled))).toEqual([
      { id: 'agents', name: 'agents', description: '', nodeCount: 0 },
      {
        id: 'ml-platform',
        name: 'ml-platform',
        description: 'The ML platform. Second line.',
        nodeCount: 2,
      },
    ]);
    expect(leadingComment('policy x\n# late')).toBe('');
  });
});

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('writes stored entries that can be read back, deterministically', () => {
    const files = [
      { path: 'nftables/egress.nft', content: 'table inet egress_studio {}\n' },
      { path: 'audit/é.md', content: '# ✓\n' },
    ];
    const zip = zipFiles(files);
    expect(zipFiles(files)).toEqual(zip);
    const view = new DataView(zip.buffer);
    // End of central directory: entry count and the central directory's offset.
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(2);
    let at = view.getUint32(end + 16, true);
    const decoder = new TextDecoder();
    const read: { path: string; content: string }[] = [];
    for (let i = 0; i < 2; i++) {
      expect(view.getUint32(at, true)).toBe(0x02014b50);
      const size = view.getUint32(at + 20, true);
      const nameLength = view.getUint16(at + 28, true);
      const local = view.getUint32(at + 42, true);
      const path = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
      const dataStart = local + 30 + view.getUint16(local + 26, true);
      const data = zip.subarray(dataStart, dataStart + size);
      expect(view.getUint32(local + 14, true)).toBe(crc32(data));
      read.push({ path, content: decoder.decode(data) });
      at += 46 + nameLength;
    }
    expect(read).toEqual(files);
  });
});
