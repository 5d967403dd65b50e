/** The external-link gate: a real user input first, a confirmation for other hosts, a length cap. */
import { describe, expect, it } from 'vitest';
import {
  createExternalLinkGate,
  GESTURE_WINDOW_MS,
  isDocumentationUrl,
} from '../../../main/security/external-links.js';

function gate(answer = true) {
  let clock = 1000;
  const opened: string[] = [];
  const asked: string[] = [];
  const links = createExternalLinkGate({
    now: () => clock,
    confirm: async (url) => {
      asked.push(url);
      return answer;
    },
    open: async (url) => {
      opened.push(url);
    },
  });
  return { links, opened, asked, advance: (ms: number) => (clock += ms) };
}

describe('external link gate', () => {
  it('opens nothing that the user did not click, even a documentation link', async () => {
    const { links, opened, asked } = gate();
    expect(await links.request('https://docs.cilium.io/en/stable/')).toBe('no-gesture');
    expect(await links.request('https://evil.example.com/?data=secret')).toBe('no-gesture');
    expect(opened).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('opens a documentation link right after a click, without a question', async () => {
    const { links, opened, asked } = gate();
    links.noteInput('mouseDown');
    expect(await links.request('https://docs.cilium.io/en/stable/')).toBe('opened');
    expect(opened).toEqual(['https://docs.cilium.io/en/stable/']);
    expect(asked).toEqual([]);
  });

  it('shows the full URL of any other host and opens it only when the user agrees', async () => {
    const url = 'https://example.com/upload?policy=allow%20all';
    const yes = gate(true);
    yes.links.noteInput('keyDown');
    expect(await yes.links.request(url)).toBe('opened');
    expect(yes.asked).toEqual([url]);
    const no = gate(false);
    no.links.noteInput('mouseUp');
    expect(await no.links.request(url)).toBe('declined');
    expect(no.asked).toEqual([url]);
    expect(no.opened).toEqual([]);
  });

  it('lets one input open one link, and only for a short while', async () => {
    const { links, opened, advance } = gate();
    links.noteInput('mouseDown');
    expect(await links.request('https://kubernetes.io/docs/')).toBe('opened');
    expect(await links.request('https://kubernetes.io/docs/again')).toBe('no-gesture');
    links.noteInput('mouseDown');
    advance(GESTURE_WINDOW_MS + 1);
    expect(await links.request('https://kubernetes.io/docs/late')).toBe('no-gesture');
    // Moving the mouse or scrolling is not a gesture.
    links.noteInput('mouseMove');
    links.noteInput('mouseWheel');
    expect(await links.request('https://kubernetes.io/docs/move')).toBe('no-gesture');
    expect(opened).toEqual(['https://kubernetes.io/docs/']);
  });

  it('refuses unsafe and over-long URLs even after a click', async () => {
    const { links, opened } = gate();
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pass@kubernetes.io/',
      `https://kubernetes.io/${'a'.repeat(2048)}`,
    ]) {
      links.noteInput('mouseDown');
      expect(await links.request(url)).toBe('unsafe');
    }
    expect(opened).toEqual([]);
  });

  it('treats only https links to the listed hosts as documentation', () => {
    expect(isDocumentationUrl('https://istio.io/latest/docs/')).toBe(true);
    expect(isDocumentationUrl('http://istio.io/latest/docs/')).toBe(false);
    expect(isDocumentationUrl('https://istio.io.evil.com/')).toBe(false);
    expect(isDocumentationUrl('https://evil.com/istio.io')).toBe(false);
  });
});
