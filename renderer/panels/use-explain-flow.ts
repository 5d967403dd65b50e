/** "Explain this flow" from any list of witnesses: explains it in the working copy and shows Explain. */
import type { Flow } from '../../simulator/index.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { useStudioStore } from '../store/store-context.js';

export function useExplainFlow(): (flow: Flow) => void {
  const store = useStudioStore();
  const { engine } = useServices();
  return (flow) => {
    engine
      .request({ type: 'explain', project: projectInput(store.getState()), flow })
      .then((e) => {
        store.getState().setExplanation(e);
        store.getState().setBottomTab('explain');
      })
      .catch((e: unknown) =>
        store.getState().toast('error', e instanceof Error ? e.message : String(e)),
      );
  };
}
