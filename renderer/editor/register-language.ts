/** Registers the `.egress` language and the app themes with Monaco, once. */
import { DARK_THEME, LIGHT_THEME, darkTheme, lightTheme } from './editor-themes.js';
import {
  EGRESS_LANGUAGE_ID,
  egressLanguageConfiguration,
  egressMonarch,
} from './egress-language.js';
import { monaco } from './monaco.js';

let registered = false;

export function registerEgressLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({
    id: EGRESS_LANGUAGE_ID,
    extensions: ['.egress'],
    aliases: ['Egress policy'],
  });
  monaco.languages.setMonarchTokensProvider(EGRESS_LANGUAGE_ID, egressMonarch);
  monaco.languages.setLanguageConfiguration(EGRESS_LANGUAGE_ID, egressLanguageConfiguration);
  monaco.editor.defineTheme(LIGHT_THEME, lightTheme);
  monaco.editor.defineTheme(DARK_THEME, darkTheme);
}

/** The theme that matches the system colour scheme, as the rest of the app does. */
export function systemTheme(): string {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? DARK_THEME : LIGHT_THEME;
}
