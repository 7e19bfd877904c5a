import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { flowApi } from './flow-api';
import { useFlowEditor } from './flow-store';

export type SaveStatus =
  | { kind: 'saved' | 'saving' | 'idle' }
  | { kind: 'failed'; reason: string }
  | { kind: 'stale'; reason: string };

export const AUTOSAVE_MS = 800;

/**
 * Saves the draft ~800 ms after the last change, with the revision it was loaded at as If-Match. A
 * 409 `stale_draft` (someone else saved meanwhile) stops saving and says so: nothing is overwritten
 * and nothing is dropped silently; the page offers to reload the latest draft.
 */
export function useAutosave(lineId: string) {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const savedSeq = useRef<number | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stale = useRef(false);

  const save = useCallback(async (): Promise<void> => {
    if (running.current) await running.current;
    const state = useFlowEditor.getState();
    if (stale.current || state.readOnly || state.view.kind !== 'draft') return;
    if (savedSeq.current === state.contentSeq) return;
    const document = state.document();
    if (!document) return;
    const seq = state.contentSeq;
    setStatus({ kind: 'saving' });
    const job = (async () => {
      try {
        const answer = await flowApi.save(lineId, document, state.revision);
        savedSeq.current = seq;
        useFlowEditor.getState().setRevision(answer.revision);
        setStatus({ kind: useFlowEditor.getState().contentSeq === seq ? 'saved' : 'saving' });
      } catch (error) {
        const reason = error instanceof ApiError ? error.message : String(error);
        if (error instanceof ApiError && error.status === 409) {
          stale.current = true;
          setStatus({ kind: 'stale', reason });
        } else setStatus({ kind: 'failed', reason });
        throw error;
      }
    })();
    running.current = job.finally(() => (running.current = null)).catch(() => undefined);
    await job;
    if (useFlowEditor.getState().contentSeq !== seq) await save();
  }, [lineId]);

  /** After a load: what is there is saved (or comes from a version and needs no save until changed). */
  const reset = useCallback(() => {
    clearTimeout(timer.current);
    stale.current = false;
    savedSeq.current = useFlowEditor.getState().contentSeq;
    setStatus({ kind: 'idle' });
  }, []);

  useEffect(
    () =>
      useFlowEditor.subscribe((state, before) => {
        if (state.contentSeq === before.contentSeq || state.readOnly || state.view.kind !== 'draft') return;
        if (state.contentSeq === savedSeq.current) return;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void save().catch(() => undefined), AUTOSAVE_MS);
      }),
    [save],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  /** Saves now what is not saved yet (before publishing), failing as the save failed. */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    await save();
  }, [save]);

  return { status, flush, reset };
}
