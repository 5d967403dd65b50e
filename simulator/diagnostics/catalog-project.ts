/**
 * Diagnostics of a project on disk (docs/topology.md): EGS60xx finding the project and its files,
 * EGS61xx reading them, EGS62xx writing them. They name the file and say what to do; the
 * CLI prints them as one line and exits with status 2.
 */
import { defineDiagnostics } from './define.js';

export const PROJECT_DIAGNOSTICS = defineDiagnostics({
  // --- EGS60xx: finding the project -----------------------------------------------------
  projectNotFound: {
    code: 'EGS6001',
    severity: 'error',
    template: 'no such file or folder: {path}',
    hint: 'give a project folder (topology.yaml, policy.egress, flows/) or a single .egress file',
  },
  notAProject: {
    code: 'EGS6002',
    severity: 'error',
    template: '{path} is neither a project folder nor a .egress file',
    hint: '{advice}',
  },
  noPolicy: {
    code: 'EGS6003',
    severity: 'error',
    template: 'no policy in {path}: the folder has no .egress file',
    hint: 'add a policy.egress (the examples in policies/ show the layout)',
  },
  severalPolicies: {
    code: 'EGS6004',
    severity: 'error',
    template: '{path} holds several policies ({files}) and none is named policy.egress',
    hint: 'rename the policy of this project to policy.egress, or give the .egress file itself',
  },
  otherPoliciesIgnored: {
    code: 'EGS6005',
    severity: 'warning',
    template: 'the project uses policy.egress; ignored: {files}',
    hint: 'move other policies to their own project folders',
  },
  flowsUnreadable: {
    code: 'EGS6006',
    severity: 'warning',
    template: 'cannot list the traffic samples in {path}: {reason}',
    hint: 'flows/ should be a folder of .csv, .jsonl or log files',
  },

  // --- EGS61xx: reading files -------------------------------------------------------------
  unreadableFile: {
    code: 'EGS6101',
    severity: 'error',
    template: 'cannot read {file}: {reason}',
    hint: 'check that it is a file you may read',
  },
  binaryFile: {
    code: 'EGS6102',
    severity: 'error',
    template: '{file} is a binary file, not text',
    hint: 'a project holds text files: replace it with the UTF-8 text it should contain',
  },
  notUtf8: {
    code: 'EGS6103',
    severity: 'error',
    template: '{file} is not valid UTF-8 text',
    hint: 'save it with the UTF-8 encoding',
  },
  fileTooLarge: {
    code: 'EGS6104',
    severity: 'error',
    template: '{file} is {size} MB, more than a project file may be ({limit} MB)',
    hint: 'check that this is the right file; large traffic samples belong in flows/',
  },

  // --- EGS62xx: writing files -------------------------------------------------------------
  cannotWrite: {
    code: 'EGS6201',
    severity: 'error',
    template: 'cannot write {file}: {reason}',
    hint: 'nothing was changed in this file; check that the folder exists and you may write to it',
  },
});

export type ProjectDiagnosticName = keyof typeof PROJECT_DIAGNOSTICS;
