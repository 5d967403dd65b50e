/** The main window: header, palette | canvas | inspector, the dock below, the status bar. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Canvas } from '../canvas/canvas.js';
import { useCanvasCommands } from '../canvas/canvas-commands.js';
import { ConnectDialog } from '../canvas/connect-dialog.js';
import { Palette } from '../canvas/palette.js';
import { ExportDialog } from '../export/export-dialog.js';
import { Inspector } from '../inspector/inspector.js';
import { BottomDock } from '../panels/bottom-dock.js';
import { Header } from '../shell/header.js';
import { CommandPalette } from '../shell/command-palette.js';
import { HelpOverlay } from '../shell/help-overlay.js';
import { NewProjectDialog } from '../shell/new-project-dialog.js';
import { Resizer } from '../shell/resizer.js';
import { StatusBar } from '../shell/status-bar.js';
import { Toasts } from '../shell/toasts.js';
import type { ShortcutId } from '../shell/shortcuts.js';
import { useShortcuts } from '../shell/use-shortcuts.js';
import { usePanelSizes } from '../shell/use-panel-sizes.js';
import { panelLayout } from '../model/panel-sizes.js';
import { EMPTY_SELECTION } from '../model/selection.js';
import { isDirty } from '../store/document.js';
import { useStudio, useStudioStore } from '../store/store-context.js';
import { useCommands } from '../shell/use-commands.js';
import { useEngineSync } from './use-engine-sync.js';
import { useHostCommands } from './use-host-commands.js';

export function Workbench() {
  const store = useStudioStore();
  const commands = useCommands();
  const canvas = useCanvasCommands();
  const dialogOpen = useStudio((s) => s.dialog !== null || s.pendingConnection !== null);
  const { sizes, resize, end } = usePanelSizes();
  const [open, setOpen] = useState({ palette: true, inspector: true, config: false });
  const width = useWindowWidth();
  const layout = panelLayout(sizes, width, open);
  const toggleConfig = useCallback(() => setOpen((o) => ({ ...o, config: !o.config })), []);
  const panels = useMemo(
    () => ({
      palette: layout.palette > 0,
      inspector: layout.inspector > 0,
      toggle: (panel: 'palette' | 'inspector') =>
        setOpen((o) => ({ ...o, [panel]: !(layout[panel] > 0) })),
    }),
    [layout.palette, layout.inspector],
  );
  useEngineSync();

  const handlers = useMemo<Partial<Record<ShortcutId, () => void>>>(
    () => ({
      new: () => store.getState().setDialog('new'),
      open: () => void commands.open(),
      save: () => void commands.save(),
      simulate: () => void commands.simulate(),
      export: commands.openExport,
      format: () => void commands.format(),
      'toggle-config': toggleConfig,
      undo: () => store.getState().undo(),
      redo: () => store.getState().redo(),
      'redo-alt': () => store.getState().redo(),
      delete: () => store.getState().deleteSelection(),
      'delete-alt': () => store.getState().deleteSelection(),
      copy: () => void store.getState().copy(),
      paste: () => store.getState().paste(),
      duplicate: canvas.duplicate,
      'select-all': canvas.selectAll,
      'fit-view': canvas.fitView,
      'auto-layout': () => void canvas.autoLayout(),
      help: () => store.getState().setDialog('help'),
      'command-palette': () => store.getState().setDialog('command-palette'),
      'command-palette-alt': () => store.getState().setDialog('command-palette'),
      escape: () => {
        store.getState().select(EMPTY_SELECTION);
        store.getState().setFocus(null);
      },
    }),
    [store, commands, canvas, toggleConfig],
  );
  // Dialogs handle their own keys (Escape, Enter); the app's shortcuts pause meanwhile.
  useShortcuts(handlers, !dialogOpen);
  // The desktop menu's File items run the same handlers.
  useHostCommands(handlers, commands.openRecent);

  // Nothing is lost on close without confirmation (docs/architecture.md).
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      if (isDirty(store.getState().doc)) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);

  return (
    <div className="app">
      <Header panels={panels} />
      <div className="workspace">
        {layout.palette > 0 && (
          <>
            <div className="side" style={{ width: layout.palette }}>
              <Palette />
            </div>
            <Resizer
              direction="vertical"
              label="Resize the palette"
              onResize={(d) => resize('palette', d, 1)}
              onResizeEnd={end}
            />
          </>
        )}
        <div className="workspace-center">
          <div className="canvas-area">
            <Canvas />
          </div>
          <Resizer
            direction="horizontal"
            label="Resize the editor dock"
            onResize={(d) => resize('dock', d, -1)}
            onResizeEnd={end}
            testId="dock-resizer"
          />
          <div className="dock-area" style={{ height: sizes.dock }}>
            <BottomDock
              editorWidth={layout.editor}
              configWidth={layout.config}
              onToggleConfig={toggleConfig}
              onResizeEditor={(d) => resize('editor', d, 1)}
              onResizeConfig={(d) => resize('config', d, 1)}
              onResizeEnd={end}
            />
          </div>
        </div>
        {layout.inspector > 0 && (
          <>
            <Resizer
              direction="vertical"
              label="Resize the inspector"
              onResize={(d) => resize('inspector', d, -1)}
              onResizeEnd={end}
            />
            <div className="side nokey" style={{ width: layout.inspector }}>
              <Inspector />
            </div>
          </>
        )}
      </div>
      <StatusBar />
      <ConnectDialog />
      <NewProjectDialog />
      <HelpOverlay />
      <CommandPalette handlers={handlers} />
      <ExportDialog />
      <Toasts />
    </div>
  );
}

function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = (): void => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}
