import { describe, expect, it } from 'vitest';
import {
  canonicalService,
  splitList,
  validateAddresses,
  validateHosts,
  validateId,
  validateRoles,
  validateService,
} from '../../../renderer/model/field-validation.js';

describe('inspector field validation', () => {
  it('splits lists on commas, spaces and new lines', () => {
    expect(splitList(' a, b\nc  d,,')).toEqual(['a', 'b', 'c', 'd']);
  });
  it('checks ids: pattern, emptiness, uniqueness', () => {
    expect(validateId('trainer-2', new Set(), 'node')).toBeNull();
    expect(validateId('', new Set(), 'node')?.severity).toBe('error');
    expect(validateId('Trainer', new Set(), 'node')?.message).toMatch(/lowercase/);
    expect(validateId('vpc', new Set(['vpc']), 'zone')?.message).toBe(
      'Another zone is called "vpc".',
    );
  });
  it('checks roles against the policy name pattern', () => {
    expect(validateRoles(['trainer', 'gpu_a'])).toBeNull();
    expect(validateRoles(['9lives'])?.message).toMatch(/"9lives"/);
  });
  it('checks addresses; host bits are a warning', () => {
    expect(validateAddresses(['10.0.1.0/24', '151.101.0.223', 'fd00::1'])).toBeNull();
    expect(validateAddresses(['10.0.1.5/24'])?.severity).toBe('warning');
    expect(validateAddresses(['10.0.300.1'])?.severity).toBe('error');
    expect(validateAddresses(['10.0.0.0/33'])?.severity).toBe('error');
  });
  it('checks hosts: valid DNS names, no wildcards', () => {
    expect(validateHosts(['pypi.org', 'files.pythonhosted.org'])).toBeNull();
    expect(validateHosts(['localhost'])?.severity).toBe('error');
    expect(validateHosts(['*.huggingface.co'])?.message).toMatch(/wildcards in the policy/);
  });
  it('checks edge services', () => {
    for (const ok of ['tcp/443', 'udp/53', 'icmp', 'tcp/8000-8100'])
      expect(validateService(ok)).toBeNull();
    expect(validateService('tcp/0')?.message).toBe('Ports are 1–65535.');
    expect(validateService('tcp/9000-8000')?.message).toMatch(/low to high/);
    expect(validateService('https')?.severity).toBe('error');
    expect(validateService('tcp')?.severity).toBe('error');
  });
});

describe('canonicalService', () => {
  it('writes one spelling of a valid service and leaves others as typed', () => {
    expect(canonicalService(' TCP/0443 ')).toBe('tcp/443');
    expect(canonicalService('udp/53')).toBe('udp/53');
    expect(canonicalService('https ')).toBe('https');
  });
});
