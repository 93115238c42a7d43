/**
 * The reader's own layer while they work: annotations with undo, the typed 批示, and the private
 * draft saved to the server a moment after every change (and at once when asked, e.g. on recall).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Annotation, LayerDraft } from '@yizhan/protocol';
import { circulationApi } from '../api';

const SAVE_AFTER_MS = 1200;

export interface LayerEditor {
  annotations: Annotation[];
  instruction: string;
  canUndo: boolean;
  savedAt: string | null;
  saving: boolean;
  saveError: unknown;
  add(a: Annotation): void;
  remove(ids: ReadonlySet<string>): void;
  undo(): void;
  clear(): void;
  setInstruction(text: string): void;
  /** Saves now if anything changed since the last save. */
  flush(): Promise<void>;
}

export function useLayerEditor(circulationId: string, taskId: string | null, initial: LayerDraft | null, editable: boolean): LayerEditor {
  const [annotations, setAnnotations] = useState<Annotation[]>(initial?.annotations ?? []);
  const [instruction, setInstructionState] = useState(initial?.instruction ?? '');
  const [history, setHistory] = useState<Annotation[][]>([]);
  const [savedAt, setSavedAt] = useState<string | null>(initial?.savedAt ?? null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const latest = useRef({ annotations, instruction });
  latest.current = { annotations, instruction };
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const editableRef = useRef(editable);
  editableRef.current = editable;

  // A new task (another document, or the same reader's next turn): start from its draft.
  const loadedFor = useRef<string | null>(taskId);
  useEffect(() => {
    if (loadedFor.current === taskId) return;
    loadedFor.current = taskId;
    setAnnotations(initial?.annotations ?? []);
    setInstructionState(initial?.instruction ?? '');
    setHistory([]);
    setSavedAt(initial?.savedAt ?? null);
    dirty.current = false;
  }, [taskId, initial]);

  const save = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current || !taskId) return;
    dirty.current = false;
    setSaving(true);
    try {
      const r = await circulationApi.saveDraft(circulationId, latest.current);
      setSavedAt(r.savedAt);
      setSaveError(null);
    } catch (e) {
      dirty.current = true;
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  }, [circulationId, taskId]);

  const touched = useCallback(() => {
    if (!editableRef.current) return;
    dirty.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
  }, [save]);

  useEffect(
    () => () => {
      // Leaving the page: whatever is unsaved goes to the server.
      if (dirty.current && timer.current) void save();
    },
    [save],
  );

  const historyRef = useRef(history);
  historyRef.current = history;

  // Pointer events arrive one after another: the refs always hold the state the next change builds on.
  const change = useCallback(
    (next: (list: Annotation[]) => Annotation[]) => {
      const list = latest.current.annotations;
      const updated = next(list);
      if (updated === list) return;
      latest.current = { ...latest.current, annotations: updated };
      historyRef.current = [...historyRef.current.slice(-99), list];
      setHistory(historyRef.current);
      setAnnotations(updated);
      touched();
    },
    [touched],
  );

  const undo = useCallback(() => {
    const h = historyRef.current;
    if (!h.length) return;
    const previous = h[h.length - 1];
    latest.current = { ...latest.current, annotations: previous };
    historyRef.current = h.slice(0, -1);
    setHistory(historyRef.current);
    setAnnotations(previous);
    touched();
  }, [touched]);

  return {
    annotations,
    instruction,
    canUndo: history.length > 0,
    savedAt,
    saving,
    saveError,
    add: (a) => change((list) => [...list, a]),
    remove: (ids) => change((list) => (list.some((a) => ids.has(a.id)) ? list.filter((a) => !ids.has(a.id)) : list)),
    clear: () => change((list) => (list.length ? [] : list)),
    undo,
    setInstruction: (text) => {
      latest.current = { ...latest.current, instruction: text };
      setInstructionState(text);
      touched();
    },
    flush: save,
  };
}
