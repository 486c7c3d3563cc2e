import { useEffect, useRef } from 'react';

export type HotkeyMap = Record<string, (event: KeyboardEvent) => void>;

/** true when the key went to a text field, where letters must stay letters */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Keyboard shortcuts of a screen. Keys are written like "j", "Enter", "Ctrl+Enter", "Escape".
 * Plain keys are ignored while the user types in a field; Ctrl/Meta combinations and Escape always work.
 */
export function useHotkeys(map: HotkeyMap, enabled = true): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const modifier = event.ctrlKey || event.metaKey;
      const name = `${modifier ? 'Ctrl+' : ''}${event.key}`;
      const handler = current.current[name];
      if (!handler) return;
      if (!modifier && event.key !== 'Escape' && typingIn(event.target)) return;
      if (event.altKey) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
