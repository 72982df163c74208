import type { ReactNode } from 'react';
import { appStore } from '../../store/appStore';
import { idOf } from './common';

/**
 * A link to a field's control that scrolls to it and focuses it, opening its group if folded. It never
 * changes the URL fragment, which holds the scenario.
 */
export function FieldLink({ fieldKey, className, children }: { fieldKey: string; className?: string; children: ReactNode }) {
  const id = idOf(fieldKey);
  return (
    <a
      href={`#${id}`}
      className={className}
      onClick={(e) => {
        e.preventDefault();
        const group = fieldKey.split('.')[0];
        if (appStore.getState().collapsed[group]) appStore.getState().toggleGroup(group);
        requestAnimationFrame(() => {
          const el = document.getElementById(id) ?? document.getElementById(`${id}-kind`) ?? document.querySelector(`[data-field="${fieldKey}"]`);
          if (!el) return;
          el.scrollIntoView({ block: 'center' });
          if (el instanceof HTMLElement) el.focus({ preventScroll: true });
        });
      }}
    >
      {children}
    </a>
  );
}
