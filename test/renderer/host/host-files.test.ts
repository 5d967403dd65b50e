import { describe, expect, it } from 'vitest';
import {
  archiveToProject,
  filesToProject,
  projectToFiles,
} from '../../../renderer/host/project-files.js';
import { HostError } from '../../../renderer/host/project-host.js';
import {
  describeTemplates,
  groupTemplates,
  leadingComment,
} from '../../../renderer/host/template-catalog.js';
import { unzipFiles, zipFiles } from '../../../renderer/host/zip.js';

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
    expect(projectToFiles(p).map((f) => f.path)).toEqual([
      'topology.yaml',
      'policy.egress',
      'flows/a.csv',
      'flows/b.jsonl',
    ]);
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
  it('round-trips files through an archive, deterministically', () => {
    const files = [
      { path: 'nftables/egress.nft', content: 'table inet egress_studio {}\n' },
      { path: 'audit/é.md', content: '# ✓\n' },
    ];
    const zip = zipFiles(files);
    expect(zipFiles(files)).toEqual(zip);
    // The local file header signature: a real zip archive.
    expect(new DataView(zip.buffer).getUint32(0, true)).toBe(0x04034b50);
    expect(unzipFiles(zip)).toEqual({ ok: true, files });
  });
  it('says what is wrong with bytes that are no archive', () => {
    const read = unzipFiles(new TextEncoder().encode('policy p\n'));
    expect(read.ok).toBe(false);
  });
});

describe('project archives', () => {
  const project = {
    name: 'my-platform',
    topologyText: 'version: 1\n',
    policyFile: 'policy.egress',
    policyText: 'policy p\n',
    flows: [{ name: 'day1.csv', text: 'src,host\n' }],
  };
  it('saves every file, flows included, and reads them back whole under one name', () => {
    const loose = projectToFiles(project);
    expect(loose.map((f) => f.path)).toEqual(['topology.yaml', 'policy.egress', 'flows/day1.csv']);
    const zip = zipFiles(loose.map((f) => ({ path: `my-platform/${f.path}`, content: f.text })));
    const read = unzipFiles(zip);
    if (!read.ok) throw new Error(read.error);
    const back = archiveToProject(
      'my-platform (1).zip',
      read.files.map((f) => ({ path: f.path, text: f.content })),
    );
    expect(back).toEqual(project);
  });
  it('names a flat archive after its file', () => {
    const back = archiveToProject('edge.zip', [{ path: 'policy.egress', text: 'policy p\n' }]);
    expect(back.name).toBe('edge');
  });
});
