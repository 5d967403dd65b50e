import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FLOW_FORMATS,
  detectFlowFile,
  isFlowFileFormat,
} from '../../../simulator/flows/formats/index.js';
import { ZEEK_FORMAT } from '../../../simulator/flows/formats/zeek.js';
import { LOG_FIXTURES, fixtureText, head } from './read-log.js';

const LOG_FORMATS = FLOW_FORMATS.filter((f) => !isFlowFileFormat(f));

/** Fixture folder → the format that must claim its files. */
const FOLDERS: Record<string, string> = {
  'aws-vpc': 'aws-vpc',
  gcp: 'gcp',
  squid: 'squid',
  zeek: 'zeek',
  hubble: 'hubble',
  suricata: 'suricata',
  netfilter: 'netfilter',
};

/** Zeek's companion logs are claimed by its companion detector, not as flows. */
const COMPANIONS = new Set([
  'zeek/ssl.log',
  'zeek/http.log',
  'zeek/dns.log',
  'zeek/ssl.json',
  'zeek/dns.json',
]);

function fixtures(): { path: string; format: string }[] {
  return Object.entries(FOLDERS).flatMap(([folder, format]) =>
    readdirSync(join(LOG_FIXTURES, folder))
      .filter(
        (f) => !f.endsWith('.expected.jsonl') && f !== 'README.md' && !f.startsWith('malformed'),
      )
      .map((f) => ({ path: `${folder}/${f}`, format })),
  );
}

describe('log format detection', () => {
  it('has a format for every fixture folder, under the same name', () => {
    expect(LOG_FORMATS.map((f) => f.name).sort()).toEqual(Object.values(FOLDERS).sort());
  });

  for (const { path, format } of fixtures()) {
    it(`${path} is claimed by ${COMPANIONS.has(path) ? 'the zeek companion detector' : format} alone`, () => {
      const lines = head(fixtureText(path));
      const claimants = LOG_FORMATS.filter((f) => f.detect(lines)).map((f) => f.name);
      if (COMPANIONS.has(path)) {
        expect(claimants).toEqual([]);
        expect(ZEEK_FORMAT.companion!.detect(lines)).toBe(true);
      } else {
        expect(claimants).toEqual([format]);
        expect(ZEEK_FORMAT.companion!.detect(lines)).toBe(false);
      }
    });

    it(`${path} is read by the registry, in its order, as ${COMPANIONS.has(path) ? 'a zeek companion' : format}`, () => {
      const lines = head(fixtureText(path));
      const found = detectFlowFile(lines);
      expect([found?.role, found?.format.name]).toEqual([
        COMPANIONS.has(path) ? 'companion' : 'flows',
        format,
      ]);
    });
  }

  it('claims none of Egress Studio own CSV and JSONL flow files', () => {
    const csv = [
      'src,host,ip,proto,port,method,path',
      'trainer,pypi.org,,tcp,443,,',
      '10.0.1.5,,151.101.0.223,tcp,443,GET,/simple/',
    ];
    const jsonl = [
      '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}',
      '{"src":"10.0.1.5","ip":"151.101.0.223","proto":"tcp","port":443,"method":"GET","path":"/simple/"}',
      '{"src":"notebook","host":"api.openai.com","proto":"tcp","port":443}',
    ];
    const headerless = ['trainer,pypi.org,,tcp,443,,'];
    for (const lines of [csv, jsonl, headerless]) {
      expect(LOG_FORMATS.filter((f) => f.detect(lines)).map((f) => f.name)).toEqual([]);
      expect(ZEEK_FORMAT.companion!.detect(lines)).toBe(false);
    }
  });

  it('claims no empty file and no plain text', () => {
    for (const lines of [[], ['hello world'], ['# just a comment']]) {
      expect(LOG_FORMATS.filter((f) => f.detect(lines)).map((f) => f.name)).toEqual([]);
    }
  });
});
